package dev.heed.ingest;

/** Gives each camera the {@link FrameTap} that sees its frames; asked once per camera worker (again after a restart). */
@FunctionalInterface
public interface FrameTaps {
    FrameTaps NONE = camera -> FrameTap.NONE;

    FrameTap forCamera(CameraConfig camera);
}
