package dev.heed.cli.demo;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.heed.proto.v1.AlertState;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionWindow;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.proto.v1.WindowScope;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Turns the pipeline's outputs into one line each: readable text for people, or one JSON object per line
 * (with a {@code type} of pose, window or alert, and the message's fields under their proto names) for tools.
 */
public final class EventFormatter {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private static final JsonFormat.Printer JSON = JsonFormat.printer()
            .omittingInsignificantWhitespace()
            .preservingProtoFieldNames()
            .alwaysPrintFieldsWithNoPresence();

    private final boolean json;

    public EventFormatter(boolean json) {
        this.json = json;
    }

    public String pose(PoseEvent e) {
        if (json) {
            return json("pose", e);
        }
        return String.format(Locale.ROOT, "%s pose   %-14s yaw %6.1f  pitch %6.1f  roll %6.1f  conf %.2f/%.2f/%.2f  %s",
                clock(e.getCaptureTimeMs()), e.getCameraId() + "/" + e.getTrackId(), e.getYawDeg(), e.getPitchDeg(), e.getRollDeg(),
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

    private static String json(String type, MessageOrBuilder m) {
        try {
            String body = JSON.print(m);
            return "{\"type\":\"" + type + "\"" + (body.length() > 2 ? "," + body.substring(1) : "}");
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + type + " as JSON", e);
        }
    }
}
