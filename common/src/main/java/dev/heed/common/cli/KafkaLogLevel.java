package dev.heed.common.cli;

import java.util.List;
import java.util.Locale;

/**
 * How much of Kafka's own logging (its clients, and the embedded broker of {@code heed demo}) reaches stderr. The
 * logging configuration keeps it to errors: when brokers cannot be reached the clients warn several times a second,
 * and Heed says so itself, once and then in a periodic summary. {@code HEED_KAFKA_LOG_LEVEL=warn} (or info, debug)
 * shows Kafka's lines again. It works through slf4j-simple's per-logger system properties, which each logger reads
 * when it is created: Kafka's are created after the command starts.
 */
public final class KafkaLogLevel {
    public static final String ENV = "HEED_KAFKA_LOG_LEVEL";
    static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error", "off");
    /** Kafka's client and Streams classes, and the broker's (embedded in heed demo and the tests). */
    static final List<String> LOGGERS = List.of("org.apache.kafka", "kafka", "state.change.logger");

    private KafkaLogLevel() {
    }

    /** Applies {@value #ENV} if it is set; IllegalArgumentException if it is not a level. */
    static void fromEnvironment() {
        String level = System.getenv(ENV);
        if (level == null || level.isBlank()) {
            return;
        }
        String l = level.strip().toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(l)) {
            throw new IllegalArgumentException(ENV + " must be one of " + LEVELS + ", got '" + level + "'");
        }
        for (String logger : LOGGERS) {
            System.setProperty("org.slf4j.simpleLogger.log." + logger, l);
        }
    }
}
