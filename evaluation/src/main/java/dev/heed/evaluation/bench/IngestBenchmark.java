package dev.heed.evaluation.bench;

import dev.heed.evaluation.ProgressBar;
import dev.heed.ingest.FramePublisher;
import dev.heed.ingest.detect.Detection;
import dev.heed.ingest.detect.FaceDetector;
import dev.heed.ingest.source.SourceOptions;
import dev.heed.ingest.source.VideoFrame;
import dev.heed.ingest.source.VideoSource;
import dev.heed.ingest.track.KalmanIouTracker;
import dev.heed.ingest.track.TrackedFrame;
import dev.heed.ingest.track.TrackerSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Times one camera's ingest work per frame, stage by stage: decode (every frame of the clip sampled), detect,
 * track, crop + JPEG + Protobuf, hand to the Kafka producer. Everything runs on the calling thread, as one
 * camera's processing would on one core, and each stage is timed in this thread's CPU time, which other
 * processes' load barely changes. Several detectors take turns frame by frame, each with its own decoder,
 * tracker and publisher, so load falls on all of them alike and their ratios hold on a busy machine.
 */
public final class IngestBenchmark {
    private IngestBenchmark() {
    }

    /** The steps of a frame, in order. */
    public enum Stage {
        DECODE("decode"), DETECT("detect"), TRACK("track"), CROP("crop+jpeg"), PUBLISH("publish");

        private final String label;

        Stage(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A detector under test and the publisher its crops go through (a camera id of its own). */
    public record Variant(FaceDetector detector, FramePublisher publisher) {
    }

    /**
     * One detector's measurement.
     *
     * @param stageCpuNanos CPU time of the pipeline thread per {@link Stage}, indexed by ordinal
     * @param wallSeconds   wall time of this detector's frames only
     */
    public record Result(String detector, int frames, long faces, int width, int height, long[] stageCpuNanos, double wallSeconds) {
        public double cpuSeconds() {
            long sum = 0;
            for (long n : stageCpuNanos) {
                sum += n;
            }
            return sum / 1e9;
        }

        /** Frames per second per core: frames per CPU-second of the pipeline thread. */
        public double framesPerCpuSecond() {
            return frames / cpuSeconds();
        }

        public double framesPerSecond() {
            return frames / wallSeconds;
        }

        public double facesPerFrame() {
            return (double) faces / frames;
        }

        public double cpuMillisPerFrame(Stage stage) {
            return stageCpuNanos[stage.ordinal()] / 1e6 / frames;
        }

        /** The stage's share of the pipeline thread's CPU time, 0 to 1. */
        public double share(Stage stage) {
            return stageCpuNanos[stage.ordinal()] / 1e9 / cpuSeconds();
        }
    }

    /**
     * The measured frames of every variant, and the whole process's CPU time meanwhile: the pipeline thread plus
     * Kafka's producer and broker threads, GC and JIT, for all variants together.
     */
    public record Measurement(List<Result> results, double processCpuSeconds) {
        public int frames() {
            return results.stream().mapToInt(Result::frames).sum();
        }
    }

    /**
     * Runs {@code warmupFrames} frames per variant (JIT, ONNX Runtime's first runs), not recorded, then
     * {@code frames} measured frames per variant from the clip's start, with fresh trackers. The clip starts
     * again when it ends.
     */
    public static Measurement run(Path clip, List<Variant> variants, int warmupFrames, int frames, ProgressBar progress) throws Exception {
        interleave(clip, variants, warmupFrames, null);
        long processCpuStart = processCpuNanos();
        List<Result> results = interleave(clip, variants, frames, progress);
        double processCpuSeconds = (processCpuNanos() - processCpuStart) / 1e9;
        progress.finish();
        return new Measurement(results, processCpuSeconds);
    }

    private static List<Result> interleave(Path clip, List<Variant> variants, int frames, ProgressBar progress) throws Exception {
        List<CameraPipeline> pipelines = new ArrayList<>();
        try {
            for (Variant v : variants) {
                pipelines.add(new CameraPipeline(clip, v));
            }
            for (int n = 0; n < frames; n++) {
                for (CameraPipeline p : pipelines) {
                    p.step();
                    if (progress != null) {
                        progress.step();
                    }
                }
            }
            return pipelines.stream().map(CameraPipeline::result).toList();
        } finally {
            pipelines.forEach(CameraPipeline::close);
        }
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        throw new IllegalStateException("this Java runtime does not report process CPU time");
    }

    /** One detector's camera: its own decoder and tracker over the clip, with the time spent in each stage. */
    private static final class CameraPipeline implements AutoCloseable {
        private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

        private final Variant variant;
        private final VideoSource source;
        // The service's tracker, hidden tracks and the presence check included.
        private final KalmanIouTracker tracker = TrackerSettings.DEFAULT.tracker(new AtomicLong(1)::getAndIncrement);
        private final long[] stageCpuNanos = new long[Stage.values().length];
        private long wallNanos;
        private int frames;
        private long faces;
        private int width;
        private int height;

        CameraPipeline(Path clip, Variant variant) throws Exception {
            if (!CPU.isCurrentThreadCpuTimeSupported()) {
                throw new IllegalStateException("this Java runtime does not report a thread's CPU time");
            }
            this.variant = variant;
            // Every frame is sampled (clips up to 60 fps), as fast as the pipeline goes (no real-time pacing); a clip
            // shorter than the frames asked for starts again.
            this.source = VideoSource.open(clip.toString(), new SourceOptions(SourceOptions.MAX_SAMPLE_FPS, false, true));
        }

        void step() throws Exception {
            long wall0 = System.nanoTime();
            long t0 = CPU.getCurrentThreadCpuTime();
            VideoFrame frame = source.next();
            if (frame == null) {
                throw new IllegalArgumentException("no frame could be decoded from " + source.description());
            }
            long t1 = CPU.getCurrentThreadCpuTime();
            List<Detection> detections = variant.detector().detect(frame.image());
            long t2 = CPU.getCurrentThreadCpuTime();
            TrackedFrame tracked = tracker.update(detections, frame.image(), frame.captureTimeMs());
            long t3 = CPU.getCurrentThreadCpuTime();
            FramePublisher.FrameRecords records = variant.publisher().records(frame, tracked);
            long t4 = CPU.getCurrentThreadCpuTime();
            variant.publisher().send(frame, records);
            long t5 = CPU.getCurrentThreadCpuTime();
            wallNanos += System.nanoTime() - wall0;
            long[] marks = {t0, t1, t2, t3, t4, t5};
            for (Stage s : Stage.values()) {
                stageCpuNanos[s.ordinal()] += marks[s.ordinal() + 1] - marks[s.ordinal()];
            }
            frames++;
            faces += tracked.faces().size();
            width = frame.image().width();
            height = frame.image().height();
        }

        Result result() {
            return new Result(variant.detector().name(), frames, faces, width, height, stageCpuNanos.clone(), wallNanos / 1e9);
        }

        @Override
        public void close() {
            source.close();
        }
    }
}
