package dev.heed.aggregator.topology;

import dev.heed.proto.v1.AlertState;
import dev.heed.proto.v1.AlertType;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.topics.PersonKey;
import dev.heed.topics.Topics;

/**
 * Builds alert records. The id is "<camera>/<track>/<type>/<started_at_ms>": the raised and the cleared
 * record of one alert share it, two alerts of one person and type never start at the same instant, and a
 * replay after a crash produces the same id.
 */
final class Alerts {
    private Alerts() {
    }

    static String id(PersonKey person, AlertType type, long startedAtMs) {
        return person + "/" + type.name() + "/" + startedAtMs;
    }

    static AttentionAlert of(PersonKey person, AlertType type, AlertState state, long eventTimeMs, long startedAtMs,
                             String policyId, long decidedAtMs) {
        return builder(person, type, state, eventTimeMs, startedAtMs, policyId, decidedAtMs).build();
    }

    static AttentionAlert timeSharing(PersonKey person, AlertState state, long eventTimeMs, long startedAtMs,
                                      long awayTotalMs, String policyId, long decidedAtMs) {
        return builder(person, AlertType.VISUAL_TIME_SHARING, state, eventTimeMs, startedAtMs, policyId, decidedAtMs)
                .setAwayTotalMs(awayTotalMs).build();
    }

    private static AttentionAlert.Builder builder(PersonKey person, AlertType type, AlertState state, long eventTimeMs,
                                                  long startedAtMs, String policyId, long decidedAtMs) {
        if (decidedAtMs < eventTimeMs) {
            throw new IllegalArgumentException("an alert cannot be decided (" + decidedAtMs + ") before its event time "
                    + eventTimeMs);
        }
        return AttentionAlert.newBuilder()
                .setSchemaVersion(Topics.SCHEMA_VERSION)
                .setAlertId(id(person, type, startedAtMs))
                .setCameraId(person.cameraId())
                .setTrackId(person.trackId())
                .setType(type)
                .setState(state)
                .setEventTimeMs(eventTimeMs)
                .setStartedAtMs(startedAtMs)
                .setDurationMs(eventTimeMs - startedAtMs)
                .setPolicyId(policyId)
                .setDecidedAtMs(decidedAtMs);
    }
}
