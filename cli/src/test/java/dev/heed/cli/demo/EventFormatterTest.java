package dev.heed.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.cli.StrictJson;
import dev.heed.proto.v1.AlertState;
import dev.heed.proto.v1.AlertType;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionStateChange;
import dev.heed.proto.v1.AttentionWindow;
import dev.heed.proto.v1.PersonAttention;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.proto.v1.Visibility;
import dev.heed.proto.v1.WindowScope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every JSON record has each key once: its kind under "type", the alert's own kind under "alert_type". */
class EventFormatterTest {
    private final EventFormatter json = new EventFormatter(true);
    private final EventFormatter text = new EventFormatter(false);

    private static final AttentionAlert ALERT = AttentionAlert.newBuilder().setSchemaVersion(1).setAlertId("cam/7/LONG_DISTRACTION/1000")
            .setCameraId("cam").setTrackId(7).setType(AlertType.LONG_DISTRACTION).setState(AlertState.RAISED)
            .setEventTimeMs(4000).setStartedAtMs(1000).setDurationMs(3000).setPolicyId("default").setDecidedAtMs(4120).build();

    @Test
    void anAlertKeepsTypeForTheRecordKindAndNamesItsOwnKindAlertType() {
        Map<String, Object> record = StrictJson.object(json.alert(ALERT));
        assertEquals("alert", record.get("type"));
        assertEquals("LONG_DISTRACTION", record.get("alert_type"));
        assertEquals("RAISED", record.get("state"));
        assertEquals("cam/7/LONG_DISTRACTION/1000", record.get("alert_id"));
        // Every field of the message is there, the 64-bit ones as strings as protobuf's JSON mapping writes them.
        assertEquals(List.of("type", "schema_version", "alert_id", "camera_id", "track_id", "alert_type", "state", "event_time_ms",
                "started_at_ms", "duration_ms", "policy_id", "away_total_ms", "decided_at_ms"), List.copyOf(record.keySet()));
        assertEquals("4120", record.get("decided_at_ms"));
        assertEquals("3000", record.get("duration_ms"));
        assertEquals("1", ((StrictJson.Number) record.get("schema_version")).text());
    }

    @Test
    void posesWindowsAndStateChangesAreRecordsOfTheirKind() {
        PoseEvent pose = PoseEvent.newBuilder().setCameraId("cam").setTrackId(7).setCaptureTimeMs(1000).setYawDeg(-40.5f).setPitchDeg(2)
                .setYawConfidence(0.9f).setModelName("hopenet").build();
        AttentionWindow window = AttentionWindow.newBuilder().setCameraId("cam").setTrackId(7).setWindowStartMs(0).setWindowEndMs(10_000)
                .setWindowSizeS(10).setSamples(20).setAttendingSamples(10).setAttendingShare(0.5f).setScope(WindowScope.WINDOW_SCOPE_PERSON).build();
        AttentionStateChange state = AttentionStateChange.newBuilder().setCameraId("cam").setTrackId(7)
                .setPreviousState(PersonAttention.PERSON_ATTENTION_ATTENDING).setState(PersonAttention.PERSON_ATTENTION_AWAY)
                .setSinceMs(1000).setEventTimeMs(1400).setPolicyId("default").build();

        Map<String, Object> p = StrictJson.object(json.pose(pose));
        assertEquals("pose", p.get("type"));
        assertEquals(-40.5, ((StrictJson.Number) p.get("yaw_deg")).value());
        assertEquals("VISIBILITY_FACE", p.get("visibility"));
        Map<String, Object> w = StrictJson.object(json.window(window));
        assertEquals("window", w.get("type"));
        assertEquals("20", ((StrictJson.Number) w.get("samples")).text(), "integers stay integers");
        Map<String, Object> s = StrictJson.object(json.state(state));
        assertEquals("state", s.get("type"));
        assertEquals("PERSON_ATTENTION_AWAY", s.get("state"));
        assertEquals("PERSON_ATTENTION_ATTENDING", s.get("previous_state"));
        assertEquals("1000", s.get("since_ms"));
    }

    @Test
    void textLinesSayWhatHappened() {
        assertTrue(text.alert(ALERT).contains("cam/7") && text.alert(ALERT).contains("LONG_DISTRACTION RAISED: away 3.0 s"), text.alert(ALERT));
        String hidden = text.pose(PoseEvent.newBuilder().setCameraId("cam").setTrackId(7).setVisibility(Visibility.VISIBILITY_FACE_HIDDEN)
                .setYawDeg(Float.NaN).build());
        assertTrue(hidden.contains("cam/7") && hidden.contains("face hidden") && !hidden.contains("NaN"), hidden);
        String change = text.state(AttentionStateChange.newBuilder().setCameraId("cam").setTrackId(7)
                .setPreviousState(PersonAttention.PERSON_ATTENTION_ATTENDING).setState(PersonAttention.PERSON_ATTENTION_FACE_HIDDEN).build());
        assertTrue(change.contains("cam/7") && change.contains("attending -> face hidden"), change);
    }
}
