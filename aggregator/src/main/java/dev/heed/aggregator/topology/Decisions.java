package dev.heed.aggregator.topology;

import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionStateChange;
import dev.heed.proto.v1.PersonAttention;
import dev.heed.topics.PersonKey;
import dev.heed.topics.Topics;
import java.util.ArrayList;
import java.util.List;

/** What {@link PersonStateMachine} decided in one step: alert records and changes of a person's reported state. */
final class Decisions {
    final List<AttentionAlert> alerts = new ArrayList<>(2);
    final List<AttentionStateChange> changes = new ArrayList<>(2);

    void alert(AttentionAlert a) {
        alerts.add(a);
    }

    /**
     * Records a change of the person's reported state, if there is one.
     *
     * @param before    the reported state before the step, or null for a person's first record
     * @param sinceMs   from when the new state holds
     * @param decidedMs the sample or instant that decided it (>= sinceMs)
     */
    void changed(PersonKey person, AttentionState before, PersonState after, long sinceMs, long decidedMs) {
        AttentionState now = after.reported();
        if (now == before) {
            return;
        }
        changes.add(AttentionStateChange.newBuilder()
                .setSchemaVersion(Topics.SCHEMA_VERSION)
                .setCameraId(person.cameraId())
                .setTrackId(person.trackId())
                .setState(proto(now))
                .setPreviousState(before == null ? PersonAttention.PERSON_ATTENTION_UNSPECIFIED : proto(before))
                .setSinceMs(sinceMs)
                .setEventTimeMs(Math.max(sinceMs, decidedMs))
                .setPolicyId(after.settings.policyId())
                .build());
    }

    boolean isEmpty() {
        return alerts.isEmpty() && changes.isEmpty();
    }

    void clear() {
        alerts.clear();
        changes.clear();
    }

    static PersonAttention proto(AttentionState s) {
        return switch (s) {
            case ATTENDING -> PersonAttention.PERSON_ATTENTION_ATTENDING;
            case AWAY -> PersonAttention.PERSON_ATTENTION_AWAY;
            case FACE_HIDDEN -> PersonAttention.PERSON_ATTENTION_FACE_HIDDEN;
            case ABSENT -> PersonAttention.PERSON_ATTENTION_ABSENT;
        };
    }
}
