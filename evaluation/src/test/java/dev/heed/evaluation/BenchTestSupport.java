package dev.heed.evaluation;

import com.google.protobuf.Struct;
import dev.heed.common.cli.CommandRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code heed bench ...} the way the launcher does (CommandRunner), with the shared models and data. */
public final class BenchTestSupport {
    private BenchTestSupport() {
    }

    public record Output(int exitCode, String out, String err) {
        public Struct json() throws Exception {
            return new CommandOutput(exitCode, out, err).json();
        }
    }

    /** The first argument names the bench; the shared models and data are added after it. */
    public static Output run(Object command, String bench, String... args) {
        List<String> all = new ArrayList<>(List.of(bench));
        all.addAll(List.of(CommandOutput.withModels("--data", SharedData.aflw().toString())));
        all.addAll(List.of(args));
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = CommandRunner.run(command, all.toArray(String[]::new));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Output(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }
}
