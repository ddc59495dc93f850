package dev.heed.evaluation;

import com.google.protobuf.Struct;
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
        CommandOutput run = CommandOutput.launch(command, all.toArray(String[]::new));
        return new Output(run.exitCode(), run.out(), run.err());
    }
}
