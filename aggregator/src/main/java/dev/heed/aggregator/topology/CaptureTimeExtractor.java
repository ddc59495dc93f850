package dev.heed.aggregator.topology;

import dev.heed.aggregator.AggregatorMetrics;
import dev.heed.proto.v1.PoseEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of a pose event is its frame's capture time, not the time Kafka received it, so windows and
 * alerts describe what the camera saw even when inference lags. Records without a usable capture time get
 * -1, which Kafka Streams skips (logging a warning); they are counted here, because falling back to the
 * broker time would mix clocks inside a person's timeline.
 */
public final class CaptureTimeExtractor implements TimestampExtractor {
    public static final String REASON_NO_CAPTURE_TIME = "no_capture_time";
    public static final String REASON_TOMBSTONE = "tombstone";

    private final AggregatorMetrics metrics;

    public CaptureTimeExtractor(AggregatorMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof PoseEvent event) {
            if (event.getCaptureTimeMs() > 0) {
                return event.getCaptureTimeMs();
            }
            metrics.rejectedEvent(REASON_NO_CAPTURE_TIME);
        } else {
            metrics.rejectedEvent(REASON_TOMBSTONE);
        }
        return -1;
    }
}
