package dev.heed.ingest.preview;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.heed.ingest.detect.Detection;
import dev.heed.ingest.geometry.Rect;
import dev.heed.ingest.source.VideoFrame;
import dev.heed.ingest.track.TrackedFace;
import dev.heed.ingest.track.TrackedFrame;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionPolicy;
import dev.heed.proto.v1.AttentionStateChange;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.proto.v1.Visibility;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * The JSON of the preview's server-sent events, the contract with view.js. Kafka messages are written by
 * protobuf's JsonFormat under their proto field names (so attention.proto and pose.proto document them; 64-bit
 * integers are strings there); only the frame event, which has no message, is written here.
 *
 * <ul>
 *   <li>{@code hello}: {@code {"camera_id", "cameras": [...], "frame_history_ms", "timeline_ms"}}, first on every stream</li>
 *   <li>{@code cone}: {@code {"source": "default"|"policy"|"invalid-policy", "policy": AttentionPolicy}}</li>
 *   <li>{@code frame}: {@code {"capture_time_ms", "frame_number", "frame_width", "frame_height",
 *       "faces": [{"track_id", "box": [x, y, w, h], "landmarks": [x0, y0, ... x4, y4], "score"}, ...
 *       {"track_id", "box", "hidden": true} for a person whose face was not found but whose head is in place (the box
 *       where the face was last seen)]}}, frame pixels;
 *       the image is {@code frame?camera=ID&t=CAPTURE_TIME_MS}</li>
 *   <li>{@code pose}: {@code {"cone_state": "ATTENDING"|"AWAY"|"FACE_HIDDEN"|"ABSENT", "event": PoseEvent}}: the state the
 *       pose alone gives against the camera's cone</li>
 *   <li>{@code state}: an AttentionStateChange; {@code alert}: an AttentionAlert</li>
 *   <li>{@code live}: {@code {}}, after the history a new stream starts with; what follows happens now</li>
 * </ul>
 */
final class PreviewEvents {
    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace().preservingProtoFieldNames();

    private PreviewEvents() {
    }

    /** One server-sent event, ready to write. */
    static String sse(String type, String json) {
        return "event: " + type + "\ndata: " + json + "\n\n";
    }

    static String hello(String cameraId, List<String> cameras, PreviewSettings settings) {
        StringBuilder sb = new StringBuilder("{\"camera_id\":\"").append(cameraId).append("\",\"cameras\":[");
        for (int i = 0; i < cameras.size(); i++) {
            // Camera ids are letters, digits, '.', '_', '-' (CameraConfig checks): nothing to escape.
            sb.append(i == 0 ? "\"" : ",\"").append(cameras.get(i)).append('"');
        }
        return sb.append("],\"frame_history_ms\":").append(settings.frameHistory().toMillis())
                .append(",\"timeline_ms\":").append(settings.timeline().toMillis()).append('}').toString();
    }

    static String frame(VideoFrame frame, TrackedFrame tracked) {
        List<TrackedFace> faces = tracked.faces();
        StringBuilder sb = new StringBuilder(96 + (faces.size() + tracked.hidden().size()) * 160);
        sb.append("{\"capture_time_ms\":").append(frame.captureTimeMs())
                .append(",\"frame_number\":").append(frame.frameNumber())
                .append(",\"frame_width\":").append(frame.image().width())
                .append(",\"frame_height\":").append(frame.image().height())
                .append(",\"faces\":[");
        for (int i = 0; i < faces.size(); i++) {
            Detection d = faces.get(i).detection();
            sb.append(i == 0 ? "" : ",").append("{\"track_id\":").append(faces.get(i).trackId());
            box(sb, d.box()).append(",\"landmarks\":[");
            for (int k = 0; k < 2 * Detection.LANDMARK_COUNT; k++) {
                sb.append(k == 0 ? "" : ",").append(num(k % 2 == 0 ? d.landmarkX(k / 2) : d.landmarkY(k / 2)));
            }
            sb.append("],\"score\":").append(num(d.score())).append('}');
        }
        for (int i = 0; i < tracked.hidden().size(); i++) {
            TrackedFrame.Hidden h = tracked.hidden().get(i);
            sb.append(faces.isEmpty() && i == 0 ? "" : ",").append("{\"track_id\":").append(h.trackId());
            box(sb, h.headBox()).append(",\"hidden\":true}");
        }
        return sb.append("]}").toString();
    }

    private static StringBuilder box(StringBuilder sb, Rect b) {
        return sb.append(",\"box\":[").append(num(b.x())).append(',').append(num(b.y())).append(',').append(num(b.width()))
                .append(',').append(num(b.height())).append(']');
    }

    /** What the pose alone says against the cone: hidden and gone faces first, then the angles. */
    static String coneState(PoseEvent e, AttendingCone cone) {
        if (e.getVisibility() == Visibility.VISIBILITY_FACE_HIDDEN) {
            return "FACE_HIDDEN";
        }
        if (e.getVisibility() == Visibility.VISIBILITY_GONE) {
            return "ABSENT";
        }
        return cone.contains(e.getYawDeg(), e.getPitchDeg()) ? "ATTENDING" : "AWAY";
    }

    static String pose(PoseEvent e, AttendingCone cone) {
        return "{\"cone_state\":\"" + coneState(e, cone) + "\",\"event\":" + json(e) + "}";
    }

    static String state(AttentionStateChange s) {
        return json(s);
    }

    static String alert(AttentionAlert a) {
        return json(a);
    }

    /** source: "default" (no policy for the camera), "policy", or "invalid-policy" (one exists but is unusable). */
    static String cone(AttendingCone cone, String source) {
        AttentionPolicy p = AttentionPolicy.newBuilder().setPolicyId(cone.policyId())
                .setYaw0Deg((float) cone.yaw0Deg()).setPitch0Deg((float) cone.pitch0Deg())
                .setYawToleranceDeg((float) cone.yawToleranceDeg()).setPitchToleranceDeg((float) cone.pitchToleranceDeg()).build();
        return "{\"source\":\"" + source + "\",\"policy\":" + json(p) + "}";
    }

    private static String json(MessageOrBuilder m) {
        try {
            return JSON.print(m);
        } catch (InvalidProtocolBufferException e) {
            throw new UncheckedIOException(e); // only for Any fields, which these messages do not have
        }
    }

    private static String num(float v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
