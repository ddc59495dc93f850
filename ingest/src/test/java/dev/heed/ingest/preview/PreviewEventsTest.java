package dev.heed.ingest.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heed.common.image.BgrImage;
import dev.heed.ingest.detect.Detection;
import dev.heed.ingest.geometry.Rect;
import dev.heed.ingest.source.VideoFrame;
import dev.heed.ingest.track.TrackedFace;
import dev.heed.ingest.track.TrackedFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreviewEventsTest {
    @Test
    void aFrameListsItsFacesThenTheHiddenHeadsWhereTheirFacesWereLastSeen() {
        VideoFrame frame = new VideoFrame(new BgrImage(64, 48, new byte[64 * 48 * 3]), 12, 0, 1_000, 0);
        float[] landmarks = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        TrackedFrame tracked = new TrackedFrame(List.of(new TrackedFace(3, new Detection(new Rect(10, 20, 30, 40), 0.9f, landmarks))),
                List.of(new TrackedFrame.Hidden(7, new Rect(40, 5, 12, 16))), List.of(new TrackedFrame.Ended(9, new Rect(0, 0, 8, 8),
                TrackedFrame.EndReason.HEAD_GONE)));
        assertEquals("{\"capture_time_ms\":1000,\"frame_number\":12,\"frame_width\":64,\"frame_height\":48,\"faces\":["
                + "{\"track_id\":3,\"box\":[10.0,20.0,30.0,40.0],\"landmarks\":[1.0,2.0,3.0,4.0,5.0,6.0,7.0,8.0,9.0,10.0],\"score\":0.9},"
                + "{\"track_id\":7,\"box\":[40.0,5.0,12.0,16.0],\"hidden\":true}]}", PreviewEvents.frame(frame, tracked),
                "an ended track is not drawn");
        assertEquals("{\"capture_time_ms\":1000,\"frame_number\":12,\"frame_width\":64,\"frame_height\":48,\"faces\":["
                        + "{\"track_id\":7,\"box\":[40.0,5.0,12.0,16.0],\"hidden\":true}]}",
                PreviewEvents.frame(frame, new TrackedFrame(List.of(), tracked.hidden(), List.of())), "only a hidden head");
    }
}
