package dev.heed.aggregator.topology;

import dev.heed.proto.v1.PoseEvent;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of a pose event is its frame's capture time, not the time Kafka received it, so windows and
 * alerts describe what the camera saw even when inference lags.
 *
 * <p>A record without a usable capture time (none, a tombstone, or one further in the future than a clock
 * could be off) keeps the partition's current time instead: it must not move stream time (one event from
 * the year 2100 would make every later event late), and it must still reach {@link PoseEventValidator},
 * which rejects it into the dead-letter topic. Falling back to the broker time would mix clocks inside a
 * person's timeline.
 */
public final class CaptureTimeExtractor implements TimestampExtractor {
    /** How far ahead of this host's clock a capture time may be; ingest anchors capture times to the wall clock. */
    public static final Duration MAX_AHEAD = Duration.ofMinutes(5);

    private final Clock clock;

    public CaptureTimeExtractor(Clock clock) {
        this.clock = clock;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof PoseEvent event && usable(event.getCaptureTimeMs(), clock.millis())) {
            return event.getCaptureTimeMs();
        }
        return Math.max(partitionTime, 0);
    }

    static boolean usable(long captureTimeMs, long nowMs) {
        return captureTimeMs > 0 && captureTimeMs <= nowMs + MAX_AHEAD.toMillis();
    }
}
