package dev.heed.evaluation.scenario;

import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionStateChange;
import dev.heed.proto.v1.Visibility;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the pipeline published while it ran one scene, as the evaluation needs it: where each track's face was (the
 * boxes only; crops are never kept), the frames ingest sampled, the alerts and attention state changes. Times are
 * the pipeline's event times (capture time, Unix epoch ms).
 *
 * @param sightings   one per heed.face-crops.v1 record
 * @param frames      one per heed.frame-summaries.v1 record
 * @param alerts      the heed.attention-alerts.v1 records, with the wall-clock time they were read
 * @param states      the heed.attention-states.v1 records
 * @param poseEvents  heed.pose-events.v1 records
 * @param realtime    whether the clip was read at its own frame rate (capture times then follow the wall clock)
 * @param losses      what the services counted as lost ({@link PipelineLosses})
 */
public record Observations(List<Sighting> sightings, List<Frame> frames, List<ReadAlert> alerts, List<AttentionStateChange> states,
                           long poseEvents, boolean realtime, Map<String, Long> losses) {
    public Observations {
        sightings = List.copyOf(sightings);
        frames = List.copyOf(frames);
        alerts = List.copyOf(alerts);
        states = List.copyOf(states);
        losses = Collections.unmodifiableMap(new LinkedHashMap<>(losses));
    }

    /** A track's face (or head, when hidden) in one frame: the centre of its face_box. */
    public record Sighting(long trackId, long frameNumber, long captureTimeMs, double centreX, double centreY, Visibility visibility) {
    }

    /** A sampled frame. */
    public record Frame(long frameNumber, long captureTimeMs, int faces) {
    }

    /** @param readAtMs wall-clock time the evaluation read the record, Unix epoch ms */
    public record ReadAlert(AttentionAlert alert, long readAtMs) {
    }
}
