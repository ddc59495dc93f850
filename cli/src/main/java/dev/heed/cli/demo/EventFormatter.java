package dev.heed.cli.demo;

import com.google.protobuf.Message;
import dev.heed.proto.v1.AlertState;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionStateChange;
import dev.heed.proto.v1.AttentionWindow;
import dev.heed.proto.v1.PersonAttention;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.proto.v1.Visibility;
import dev.heed.proto.v1.WindowScope;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Turns the pipeline's outputs into one line each: readable text for people, or one JSON object per line for tools
 * ({@link JsonRecords}: {@code type} pose, window, alert or state, then the message's fields; the alert's own kind is
 * {@code alert_type}).
 */
public final class EventFormatter {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final boolean json;

    public EventFormatter(boolean json) {
        this.json = json;
    }

    public String pose(PoseEvent e) {
        if (json) {
            return json("pose", e);
        }
        String who = e.getCameraId() + "/" + e.getTrackId();
        if (e.getVisibility() == Visibility.VISIBILITY_FACE_HIDDEN) {
            return String.format(Locale.ROOT, "%s pose   %-14s face hidden (no estimate)", clock(e.getCaptureTimeMs()), who);
        }
        if (e.getVisibility() == Visibility.VISIBILITY_GONE) {
            return String.format(Locale.ROOT, "%s pose   %-14s gone (%s)", clock(e.getCaptureTimeMs()), who,
                    e.getStreamEnded() ? "the stream ended" : "track ended");
        }
        return String.format(Locale.ROOT, "%s pose   %-14s yaw %6.1f  pitch %6.1f  roll %6.1f  conf %.2f/%.2f/%.2f  %s",
                clock(e.getCaptureTimeMs()), who, e.getYawDeg(), e.getPitchDeg(), e.getRollDeg(),
                e.getYawConfidence(), e.getPitchConfidence(), e.getRollConfidence(), direction(e.getYawDeg(), e.getPitchDeg()));
    }

    public String window(AttentionWindow w) {
        if (json) {
            return json("window", w);
        }
        if (w.getScope() == WindowScope.WINDOW_SCOPE_CAMERA) {
            return String.format(Locale.ROOT, "%s window %-14s %ds [%s, %s) %d people, attending %3.0f%% of %d samples",
                    clock(w.getWindowEndMs()), w.getCameraId(), w.getWindowSizeS(), clock(w.getWindowStartMs()),
                    clock(w.getWindowEndMs()), w.getPeoplePresent(), 100 * w.getAttendingShare(), w.getSamples());
        }
        return String.format(Locale.ROOT, "%s window %-14s %ds [%s, %s) attending %3.0f%% of %d samples, %d away episode(s), "
                        + "mean yaw %.1f pitch %.1f",
                clock(w.getWindowEndMs()), w.getCameraId() + "/" + w.getTrackId(), w.getWindowSizeS(), clock(w.getWindowStartMs()),
                clock(w.getWindowEndMs()), 100 * w.getAttendingShare(), w.getSamples(), w.getAwayEpisodes(), w.getMeanYawDeg(),
                w.getMeanPitchDeg());
    }

    public String alert(AttentionAlert a) {
        if (json) {
            return json("alert", a);
        }
        boolean raised = a.getState() == AlertState.RAISED;
        String what = switch (a.getType()) {
            case VISUAL_TIME_SHARING -> String.format(Locale.ROOT, "away %.1f s in all within the span", a.getAwayTotalMs() / 1000.0);
            case ABSENT -> String.format(Locale.ROOT, "not seen for %.1f s", a.getDurationMs() / 1000.0);
            default -> String.format(Locale.ROOT, "away %.1f s", a.getDurationMs() / 1000.0);
        };
        return String.format(Locale.ROOT, "%s ALERT  %-14s %s %s: %s since %s  [%s]",
                clock(a.getEventTimeMs()), a.getCameraId() + "/" + a.getTrackId(), a.getType(), raised ? "RAISED" : "cleared",
                what, clock(a.getStartedAtMs()), a.getAlertId());
    }

    /** A person's attention state changed (heed.attention-states.v1). */
    public String state(AttentionStateChange s) {
        if (json) {
            return json("state", s);
        }
        return String.format(Locale.ROOT, "%s state  %-14s %s -> %s since %s",
                clock(s.getEventTimeMs()), s.getCameraId() + "/" + s.getTrackId(), word(s.getPreviousState()), word(s.getState()),
                clock(s.getSinceMs()));
    }

    /** The state without its enum prefix, lower case: attending, away, face hidden, absent. */
    private static String word(PersonAttention a) {
        return switch (a) {
            case PERSON_ATTENTION_ATTENDING -> "attending";
            case PERSON_ATTENTION_AWAY -> "away";
            case PERSON_ATTENTION_FACE_HIDDEN -> "face hidden";
            case PERSON_ATTENTION_ABSENT -> "absent";
            default -> "unknown";
        };
    }

    /** A coarse word for the direction, in the image's terms (yaw > 0 turns toward image-left). */
    static String direction(float yaw, float pitch) {
        String h = yaw > 20 ? "turned to image-left" : yaw < -20 ? "turned to image-right" : "";
        String v = pitch > 15 ? "looking up" : pitch < -20 ? "looking down" : "";
        if (h.isEmpty() && v.isEmpty()) {
            return "facing the camera";
        }
        return h.isEmpty() ? v : v.isEmpty() ? h : h + ", " + v;
    }

    private static String clock(long epochMs) {
        return CLOCK.format(Instant.ofEpochMilli(epochMs));
    }

    private static String json(String kind, Message m) {
        return JsonRecords.print(kind, m);
    }
}
