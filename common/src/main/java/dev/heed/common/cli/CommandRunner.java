package dev.heed.common.cli;

import dev.heed.common.security.Redactor;
import picocli.CommandLine;

/**
 * Runs a picocli command the same way in every entry point: configuration errors print one clear line
 * (no stack trace) and exit 2; other failures print the cause chain and exit 1.
 */
public final class CommandRunner {
    public static final int EXIT_CONFIG_ERROR = 2;

    private CommandRunner() {
    }

    public static int run(Object command, String... args) {
        CommandLine cl = new CommandLine(command);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("heed: " + Redactor.redactUrls(e.getMessage()));
                return EXIT_CONFIG_ERROR;
            }
            cmd.getErr().println("heed: " + cmd.getCommandName() + " failed: " + describe(e));
            return 1;
        });
        return cl.execute(args);
    }

    /** The exception's message and its causes' messages, secrets removed; no stack trace. */
    public static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (sb.length() > 0) {
                sb.append(": caused by ");
            }
            sb.append(t.getClass().getSimpleName()).append(t.getMessage() == null ? "" : " " + t.getMessage());
        }
        return Redactor.redactUrls(sb.toString());
    }
}
