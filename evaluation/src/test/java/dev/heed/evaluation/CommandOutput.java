package dev.heed.evaluation;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs a tool command as CommandRunner would (enum values in any case) and keeps what it printed. */
record CommandOutput(int exitCode, String out, String err) {
    static CommandOutput run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new CommandOutput(exit, out.toString(), err.toString());
    }

    /** The command's arguments with the shared models folder first, as HEED_MODELS_DIR would give it. */
    static String[] withModels(String... args) {
        List<String> all = new ArrayList<>(List.of("--models-dir", SharedData.models().toString(),
                "--detector-model", SharedData.models().resolve("yunet-2023mar.onnx").toString()));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    /** stdout parsed as one JSON object. */
    Struct json() throws Exception {
        Struct.Builder b = Struct.newBuilder();
        JsonFormat.parser().merge(out.strip(), b);
        return b.build();
    }

    static double number(Struct s, String key) {
        Value v = s.getFieldsOrThrow(key);
        if (v.getKindCase() != Value.KindCase.NUMBER_VALUE) {
            throw new AssertionError(key + " is not a number: " + v);
        }
        return v.getNumberValue();
    }
}
