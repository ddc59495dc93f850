package dev.heed.cli.demo;

import picocli.CommandLine.Option;

/** What the demo reads and how. */
public final class DemoOptions {
    @Option(names = "--source", paramLabel = "FILE|rtsp://...", defaultValue = "${env:HEED_DEMO_CLIP:-../shared/data/clips/office-turns.mp4}",
            description = "Video file or RTSP URL to read (env HEED_DEMO_CLIP). Default: the sample clip ${DEFAULT-VALUE}.")
    String source;

    @Option(names = "--camera-id", defaultValue = "demo-cam", description = "Camera id the video is published under. Default: ${DEFAULT-VALUE}.")
    String cameraId;

    @Option(names = "--sample-fps", defaultValue = "5", description = "Frames per second analysed. Default: ${DEFAULT-VALUE}.")
    double sampleFps;

    @Option(names = "--loop", description = "Play a video file again and again (until --for or Ctrl-C).")
    boolean loop;

    @Option(names = "--fast", description = "Read a video file as fast as possible instead of at its own frame rate.")
    boolean fast;

    public DemoPipeline.Plan plan() {
        return new DemoPipeline.Plan(cameraId, source, sampleFps, !fast, loop);
    }
}
