package dev.heed.aggregator;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations operators type on the command line and in environment variables: "500ms", "10s",
 * "2m", "1h", or ISO-8601 ("PT10S"). Errors name the flag, so a bad environment variable is easy to find.
 */
public final class Durations {
    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)");

    private Durations() {
    }

    public static Duration parse(String flag, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(flag + " must be a duration such as 500ms, 10s, 2m or PT10S, got nothing");
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(flag + " must be a duration such as 500ms, 10s, 2m or PT10S, got '" + text + "'");
        }
    }

    /** A comma-separated list, e.g. "10s,60s". */
    public static List<Duration> parseList(String flag, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(flag + " must list at least one duration, e.g. 10s,60s");
        }
        List<Duration> out = new ArrayList<>();
        for (String part : text.split(",")) {
            out.add(parse(flag, part));
        }
        return out;
    }

    /** The shortest exact form in the syntax {@link #parse} accepts: "10s", "1500ms", "2m". */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms != 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms != 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
