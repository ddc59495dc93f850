package dev.heed.aggregator.topology;

import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionStateChange;
import dev.heed.proto.v1.AttentionWindow;

/** What the person processor emits. Never serialized as such: the topology turns each kind into its topic's record. */
public sealed interface PersonOutput {
    /** An alert record, keyed by person. */
    record Alert(AttentionAlert alert) implements PersonOutput {
    }

    /** A change of a person's reported state, keyed by person. */
    record StateChange(AttentionStateChange change) implements PersonOutput {
    }

    /** A closed person window, keyed by person; it also goes to its camera's side. */
    record Window(AttentionWindow window, int sourcePartition) implements PersonOutput {
    }

    /**
     * Keyed by camera: the camera's clock here, every person window of the camera from this task that ends at or
     * before it having been emitted; or, when leaving, the task has forgotten its last person of the camera.
     */
    record Progress(String cameraId, int sourcePartition, long closedUntilMs, boolean leaving) implements PersonOutput {
    }
}
