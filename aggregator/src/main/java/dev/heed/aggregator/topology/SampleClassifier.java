package dev.heed.aggregator.topology;

import dev.heed.aggregator.AggregatorMetrics;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.topics.PersonKey;
import java.util.List;
import org.apache.kafka.streams.kstream.ValueMapperWithKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a pose event into a classified {@link PoseSample}, or into nothing when the event cannot be used
 * (the key is not "camera/track", an angle is not a number). Skipping, counting and logging such events
 * keeps one bad producer from stopping every camera's aggregation.
 */
public final class SampleClassifier implements ValueMapperWithKey<String, PoseEvent, Iterable<PoseSample>> {
    public static final String REASON_BAD_KEY = "bad_key";
    public static final String REASON_NON_FINITE_ANGLE = "non_finite_angle";
    private static final Logger log = LoggerFactory.getLogger(SampleClassifier.class);

    private final AttentionRule rule;
    private final AggregatorMetrics metrics;

    public SampleClassifier(AttentionRule rule, AggregatorMetrics metrics) {
        this.rule = rule;
        this.metrics = metrics;
    }

    @Override
    public Iterable<PoseSample> apply(String key, PoseEvent event) {
        PersonKey person;
        try {
            person = PersonKey.parse(key);
        } catch (IllegalArgumentException e) {
            metrics.rejectedEvent(REASON_BAD_KEY);
            log.warn("skipping pose event: {}", e.getMessage());
            return List.of();
        }
        if (!Float.isFinite(event.getYawDeg()) || !Float.isFinite(event.getPitchDeg()) || !Float.isFinite(event.getRollDeg())) {
            metrics.rejectedEvent(REASON_NON_FINITE_ANGLE);
            log.warn("skipping pose event of {} at {}: non-finite angle", person, event.getCaptureTimeMs());
            return List.of();
        }
        metrics.event(person.cameraId());
        return List.of(new PoseSample(person, event.getCaptureTimeMs(), event.getYawDeg(), event.getPitchDeg(),
                event.getRollDeg(), rule.isAttending(event.getYawDeg(), event.getPitchDeg()), rule.policyId()));
    }
}
