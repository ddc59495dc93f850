package dev.heed.common.cli;

import dev.heed.common.security.Redactor;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs a picocli command the same way in every entry point, with exit statuses scripts can rely on:
 * {@value #EXIT_OK} done, {@value #EXIT_FAILED} failed while running (the cause chain on one line, no stack trace),
 * {@value #EXIT_CONFIG_ERROR} a bad option or an unreadable input, found before anything started (one line naming it;
 * picocli's own usage errors exit 2 as well). Every command's {@code --help} lists its statuses: those it declares
 * itself ({@code exitCodeList}), else {@link #STANDARD_EXIT_CODES}.
 */
public final class CommandRunner {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_CONFIG_ERROR = 2;

    /** What the statuses mean for a command that says nothing more specific. */
    public static final Map<String, String> STANDARD_EXIT_CODES = exitCodes(
            "done (or stopped with Ctrl-C / SIGTERM)",
            "failed while running; the last line on stderr says why");
    public static final String EXIT_CODES_HEADING = "%nExit status:%n";
    /** What status 2 means, the same for every command (for commands that list their statuses in their annotation). */
    public static final String CONFIG_ERROR_MEANING = "a bad option or an unreadable input (missing file, not a video, unknown name), "
            + "found before anything started; one line on stderr names it";

    private CommandRunner() {
    }

    /** The three statuses with the meaning of 0 and 1 given; 2 is the same for every command. */
    public static Map<String, String> exitCodes(String ok, String failed) {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(" " + EXIT_OK, ok);
        codes.put(" " + EXIT_FAILED, failed);
        codes.put(" " + EXIT_CONFIG_ERROR, CONFIG_ERROR_MEANING);
        return codes;
    }

    public static int run(Object command, String... args) {
        try {
            KafkaLogLevel.fromEnvironment();
        } catch (IllegalArgumentException e) {
            System.err.println("heed: " + e.getMessage());
            return EXIT_CONFIG_ERROR;
        }
        CommandLine cl = new CommandLine(command);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        documentExitCodes(cl);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("heed: " + Redactor.redactUrls(e.getMessage()));
                return EXIT_CONFIG_ERROR;
            }
            cmd.getErr().println("heed: " + cmd.getCommandName() + " failed: " + describe(e));
            return EXIT_FAILED;
        });
        return cl.execute(args);
    }

    /** Gives every command in the tree that lists no exit statuses of its own the standard ones. */
    static void documentExitCodes(CommandLine cl) {
        CommandLine.Model.UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
        if (usage.exitCodeList().isEmpty()) {
            usage.exitCodeListHeading(EXIT_CODES_HEADING).exitCodeList(STANDARD_EXIT_CODES);
        }
        cl.getSubcommands().values().forEach(CommandRunner::documentExitCodes);
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
