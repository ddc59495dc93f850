package dev.heed.evaluation;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.heed.common.cli.CommandRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs a tool command as CommandRunner would (enum values in any case) and keeps what it printed. */
public record CommandOutput(int exitCode, String out, String err) {
    public static CommandOutput run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new CommandOutput(exit, out.toString(), err.toString());
    }

    /** Runs a command as the heed launcher does (CommandRunner: configuration errors exit 2 with one line). */
    public static CommandOutput launch(Object command, String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = CommandRunner.run(command, args);
            return new CommandOutput(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    /** The command's arguments with the shared models folder first, as HEED_MODELS_DIR would give it. */
    public static String[] withModels(String... args) {
        List<String> all = new ArrayList<>(List.of("--models-dir", SharedData.models().toString(),
                "--detector-model", SharedData.models().resolve("yunet-2023mar.onnx").toString()));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    /** stdout parsed as one JSON object. */
    public Struct json() throws Exception {
        Struct.Builder b = Struct.newBuilder();
        JsonFormat.parser().merge(out.strip(), b);
        return b.build();
    }

    public static double number(Struct s, String key) {
        Value v = s.getFieldsOrThrow(key);
        if (v.getKindCase() != Value.KindCase.NUMBER_VALUE) {
            throw new AssertionError(key + " is not a number: " + v);
        }
        return v.getNumberValue();
    }
}
