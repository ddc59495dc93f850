package dev.heed.aggregator;

import dev.heed.aggregator.policy.AttentionSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Everything the aggregator needs besides the Kafka connection. Validated on construction, with messages
 * that name the command-line flag, so a bad value fails at start-up rather than deep inside Kafka Streams.
 *
 * @param applicationId        Kafka Streams application id: consumer group and prefix of internal topics
 * @param attention            the attention settings of cameras without a policy, and the values a policy
 *                             leaves unset
 * @param windowSizes          sizes of the tumbling attention windows, whole seconds, distinct
 * @param grace                how far (event time) a camera's pose events may lag behind the newest pose event
 *                             of their partition. It only bounds decisions taken without a sample of the camera
 *                             (absence, expiry and window ends of a camera whose people have stopped sending, and
 *                             camera windows waiting for a partition that has stopped reporting); samples are
 *                             decided on arrival
 * @param trackIdleTimeout     event time without samples after which an absent person's state is dropped
 * @param stateDir             Kafka Streams state directory (RocksDB stores); should survive restarts in production
 * @param commitInterval       Kafka Streams commit interval; under exactly-once it bounds output latency
 * @param processingGuarantee  exactly-once (transactions) or at-least-once
 */
public record AggregatorConfig(
        String applicationId,
        AttentionSettings attention,
        List<Duration> windowSizes,
        Duration grace,
        Duration trackIdleTimeout,
        Path stateDir,
        Duration commitInterval,
        ProcessingGuarantee processingGuarantee) {

    public static final String DEFAULT_APPLICATION_ID = "heed-aggregator";
    /** Looking at the camera within 30 degrees of yaw and 25 of pitch; see aggregator/README.md for the filter values. */
    public static final AttentionSettings DEFAULT_SETTINGS = new AttentionSettings(AttentionSettings.DEFAULT_POLICY_ID,
            0, 0, 30, 25, 5, 400, 0, 3_000, 10_000, 30_000, 5_000, false);
    /** attention.proto documents 10 s and 60 s windows as the default pair. */
    public static final List<Duration> DEFAULT_WINDOW_SIZES = List.of(Duration.ofSeconds(10), Duration.ofSeconds(60));
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(2);
    public static final Duration DEFAULT_TRACK_IDLE_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);
    /** Longer would hold a stalled camera's people present, and camera windows open, for longer than anyone waits. */
    public static final Duration MAX_GRACE = Duration.ofMinutes(1);

    private static final Pattern APPLICATION_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Duration MAX_WINDOW = Duration.ofDays(1);

    public AggregatorConfig {
        if (applicationId == null || !APPLICATION_ID.matcher(applicationId).matches()) {
            throw new IllegalArgumentException("--application-id must be 1-100 characters of A-Z a-z 0-9 . _ -, got '"
                    + applicationId + "'");
        }
        if (attention == null) {
            throw new IllegalArgumentException("the default attention settings must be set");
        }
        if (windowSizes == null || windowSizes.isEmpty()) {
            throw new IllegalArgumentException("--window-sizes must list at least one size, e.g. 10s,60s");
        }
        windowSizes = List.copyOf(windowSizes);
        if (new HashSet<>(windowSizes).size() != windowSizes.size()) {
            throw new IllegalArgumentException("--window-sizes must not repeat a size, got " + describe(windowSizes));
        }
        for (Duration size : windowSizes) {
            // AttentionWindow.window_size_s is whole seconds; a 1.5 s window could not be told apart from 1 s.
            if (size.compareTo(Duration.ofSeconds(1)) < 0 || size.compareTo(MAX_WINDOW) > 0 || size.toMillis() % 1000 != 0) {
                throw new IllegalArgumentException("--window-sizes must be whole seconds between 1s and 24h, got "
                        + Durations.format(size));
            }
        }
        requireBetween("--grace", grace, Duration.ZERO, MAX_GRACE);
        requireBetween("--track-idle-timeout", trackIdleTimeout, Duration.ofSeconds(1), Duration.ofDays(7));
        if (stateDir == null) {
            throw new IllegalArgumentException("--state-dir must be set");
        }
        if (Files.exists(stateDir) && !Files.isDirectory(stateDir)) {
            throw new IllegalArgumentException("--state-dir " + stateDir + " exists and is not a directory");
        }
        requireBetween("--commit-interval", commitInterval, Duration.ofMillis(1), Duration.ofMinutes(10));
        if (processingGuarantee == null) {
            throw new IllegalArgumentException("--processing-guarantee must be exactly_once_v2 or at_least_once");
        }
    }

    /** The defaults, with the state in a fresh temporary directory (state is rebuilt from changelogs on each start). */
    public static AggregatorConfig defaults() {
        return defaults(freshStateDir());
    }

    public static AggregatorConfig defaults(Path stateDir) {
        return new AggregatorConfig(DEFAULT_APPLICATION_ID, DEFAULT_SETTINGS, DEFAULT_WINDOW_SIZES, DEFAULT_GRACE,
                DEFAULT_TRACK_IDLE_TIMEOUT, stateDir, DEFAULT_COMMIT_INTERVAL, ProcessingGuarantee.EXACTLY_ONCE_V2);
    }

    public static Path freshStateDir() {
        try {
            return Files.createTempDirectory("heed-aggregator-state-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary state directory", e);
        }
    }

    public AggregatorConfig withApplicationId(String id) {
        return new AggregatorConfig(id, attention, windowSizes, grace, trackIdleTimeout, stateDir, commitInterval,
                processingGuarantee);
    }

    public AggregatorConfig withAttention(AttentionSettings settings) {
        return new AggregatorConfig(applicationId, settings, windowSizes, grace, trackIdleTimeout, stateDir, commitInterval,
                processingGuarantee);
    }

    public AggregatorConfig withWindowSizes(List<Duration> sizes) {
        return new AggregatorConfig(applicationId, attention, sizes, grace, trackIdleTimeout, stateDir, commitInterval,
                processingGuarantee);
    }

    public AggregatorConfig withGrace(Duration g) {
        return new AggregatorConfig(applicationId, attention, windowSizes, g, trackIdleTimeout, stateDir, commitInterval,
                processingGuarantee);
    }

    public AggregatorConfig withTrackIdleTimeout(Duration timeout) {
        return new AggregatorConfig(applicationId, attention, windowSizes, grace, timeout, stateDir, commitInterval,
                processingGuarantee);
    }

    public AggregatorConfig withProcessingGuarantee(ProcessingGuarantee guarantee) {
        return new AggregatorConfig(applicationId, attention, windowSizes, grace, trackIdleTimeout, stateDir, commitInterval,
                guarantee);
    }

    private static void requireBetween(String flag, Duration d, Duration min, Duration max) {
        if (d == null) {
            throw new IllegalArgumentException(flag + " must be set");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(flag + " must be between " + Durations.format(min) + " and "
                    + Durations.format(max) + ", got " + Durations.format(d));
        }
    }

    private static String describe(List<Duration> sizes) {
        return String.join(",", sizes.stream().map(Durations::format).toList());
    }
}
