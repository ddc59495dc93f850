package dev.heed.ingest;

import dev.heed.common.image.BgrImage;
import dev.heed.common.onnx.ModelsDirectory;
import dev.heed.ingest.crop.CropPolicy;
import dev.heed.ingest.detect.Detection;
import dev.heed.ingest.detect.DetectorKind;
import dev.heed.ingest.detect.DetectorSettings;
import dev.heed.ingest.detect.FaceDetector;
import dev.heed.ingest.rtsp.FaceClips;
import dev.heed.ingest.source.SourceOptions;
import dev.heed.ingest.source.VideoFrame;
import dev.heed.ingest.source.VideoSource;
import dev.heed.ingest.track.KalmanIouTracker;
import dev.heed.ingest.track.TrackedFace;
import dev.heed.kafka.embedded.EmbeddedKafka;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Frames per second per core of the ingest pipeline (decode, detect, track, crop + JPEG, publish) on a 720p
 * H.264 clip of six real people, and the share of time in each stage. Everything runs on this one thread, as
 * one camera's work would on one core, with one ONNX Runtime thread; crops and summaries go to a real Kafka
 * broker in this JVM (its threads are not counted in the per-core figure, the process total is shown too).
 * A command, not a test: run {@code ingest/benchmark.sh}.
 */
@Command(name = "ingest-benchmark", mixinStandardHelpOptions = true,
        description = "Measures decode + detect + track + crop + publish frames per second per core on a 720p clip with faces.")
public final class IngestBenchmark implements Callable<Integer> {
    private static final String[] PEOPLE = {"fairface_0007.jpg", "fairface_0010.jpg", "fairface_0013.jpg", "fairface_0016.jpg",
            "fairface_0028.jpg", "fairface_0031.jpg"};
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 720;
    private static final int FPS = 25;

    @Option(names = "--detector", defaultValue = "yunet", description = "yunet or scrfd. Default: ${DEFAULT-VALUE}.")
    String detector;

    @Option(names = "--detector-input-size", defaultValue = "640", description = "Detector input side. Default: ${DEFAULT-VALUE}.")
    int inputSize;

    @Option(names = "--seconds", defaultValue = "12", description = "Length of the generated clip. Default: ${DEFAULT-VALUE}.")
    int seconds;

    @Option(names = "--clip", description = "Use this video instead of generating the 720p clip (kept in ingest/target/bench).")
    Path clip;

    @Option(names = "--warmup-frames", defaultValue = "50", description = "Frames run before measuring (JIT, ONNX Runtime). Default: ${DEFAULT-VALUE}.")
    int warmupFrames;

    public static void main(String[] args) {
        System.exit(new CommandLine(new IngestBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path shared = Path.of(System.getProperty("heed.shared", "../shared"));
        Path video = clip != null ? clip : generatedClip(shared);
        DetectorKind kind = DetectorKind.parse(detector);
        Path model = ModelsDirectory.fromEnvironment().resolve(kind.defaultModelFile());
        DetectorSettings settings = DetectorSettings.defaults().withInputSize(inputSize);
        try (EmbeddedKafka kafka = EmbeddedKafka.start().withHeedTopics(1);
             FaceDetector faces = kind.create(model, settings);
             Producer<String, byte[]> producer = new KafkaProducer<>(kafka.settings().producer("heed-ingest-benchmark"))) {
            CameraConfig camera = CameraConfig.of("bench", video.toString());
            IngestMetrics metrics = new IngestMetrics(new PrometheusRegistry());
            FramePublisher publisher = new FramePublisher(camera, CropPolicy.DEFAULT, IngestConfig.DEFAULT_JPEG_QUALITY, producer,
                    metrics.forCamera("bench"));
            run(video, faces, publisher, warmupFrames, null);
            Stages stages = new Stages();
            run(video, faces, publisher, Integer.MAX_VALUE, stages);
            long flushStart = System.nanoTime();
            producer.flush();
            stages.report(video, faces.name() + " (" + inputSize + ")", (System.nanoTime() - flushStart) / 1e6);
        }
        return 0;
    }

    /** Per-stage CPU time of this thread, its total CPU time, and the wall time. */
    private static final class Stages {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final long cpuStart = threads.getCurrentThreadCpuTime();
        final long processCpuStart = processCpuNanos();
        final long wallStart = System.nanoTime();
        long decode;
        long detect;
        long track;
        long crop;
        long publish;
        long frames;
        long crops;
        int width;
        int height;

        void report(Path video, String detectorName, double flushMs) {
            double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            double processCpu = (processCpuNanos() - processCpuStart) / 1e9;
            double wall = (System.nanoTime() - wallStart) / 1e9;
            long total = decode + detect + track + crop + publish;
            System.out.printf(Locale.ROOT, "clip %s: %dx%d H.264, %d frames, %.1f faces per frame%n", video.getFileName(), width, height, frames,
                    (double) crops / frames);
            System.out.printf(Locale.ROOT, "detector %s, 1 ONNX Runtime thread; crops %d px, JPEG quality %d; publish to an in-JVM Kafka broker%n",
                    detectorName, CropPolicy.DEFAULT_SIZE, IngestConfig.DEFAULT_JPEG_QUALITY);
            System.out.printf(Locale.ROOT, "pipeline thread: %.2f s CPU for %d frames = %.1f frames/s per core (wall %.2f s, %.1f frames/s)%n",
                    cpu, frames, frames / cpu, wall, frames / wall);
            System.out.printf(Locale.ROOT, "whole process (with Kafka's producer and broker threads, GC, JIT): %.2f s CPU = %.1f frames/s per core%n",
                    processCpu, frames / processCpu);
            System.out.printf(Locale.ROOT, "%-14s %13s %7s%n", "stage", "CPU ms/frame", "share");
            row("decode", decode, total);
            row("detect", detect, total);
            row("track", track, total);
            row("crop+jpeg", crop, total);
            row("publish", publish, total);
            System.out.printf(Locale.ROOT, "final flush (waiting for Kafka's acks, not CPU of this thread): %.0f ms%n", flushMs);
        }

        private void row(String name, long nanos, long total) {
            System.out.printf(Locale.ROOT, "%-14s %13.2f %6.1f %%%n", name, nanos / 1e6 / frames, 100.0 * nanos / total);
        }

        private static long processCpuNanos() {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
        }
    }

    /**
     * Runs the pipeline over the clip (every frame sampled), up to {@code maxFrames}; times the stages if asked,
     * in CPU time of this thread, so that other processes on the machine do not inflate them.
     */
    private static void run(Path video, FaceDetector faces, FramePublisher publisher, int maxFrames, Stages stages) throws Exception {
        KalmanIouTracker tracker = new KalmanIouTracker();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        try (VideoSource source = VideoSource.open(video.toString(), new SourceOptions(FPS, false, false))) {
            for (int n = 0; n < maxFrames; n++) {
                long t0 = cpu.getCurrentThreadCpuTime();
                VideoFrame frame = source.next();
                if (frame == null) {
                    return;
                }
                long t1 = cpu.getCurrentThreadCpuTime();
                List<Detection> detections = faces.detect(frame.image());
                long t2 = cpu.getCurrentThreadCpuTime();
                List<TrackedFace> tracked = tracker.update(detections, frame.captureTimeMs());
                long t3 = cpu.getCurrentThreadCpuTime();
                List<ProducerRecord<String, byte[]>> records = publisher.records(frame, tracked);
                long t4 = cpu.getCurrentThreadCpuTime();
                publisher.send(frame, records);
                long t5 = cpu.getCurrentThreadCpuTime();
                if (stages != null) {
                    stages.decode += t1 - t0;
                    stages.detect += t2 - t1;
                    stages.track += t3 - t2;
                    stages.crop += t4 - t3;
                    stages.publish += t5 - t4;
                    stages.frames++;
                    stages.crops += tracked.size();
                    stages.width = frame.image().width();
                    stages.height = frame.image().height();
                }
            }
        }
    }

    /** Six real people on a 1280x720 frame, each drifting a little (a static picture would make decoding unrealistically cheap). */
    private Path generatedClip(Path shared) throws Exception {
        Path file = Path.of("ingest/target/bench/six-people-720p-" + seconds + "s.mp4");
        if (Files.isRegularFile(file)) {
            return file;
        }
        Files.createDirectories(file.getParent());
        BgrImage[] people = new BgrImage[PEOPLE.length];
        for (int i = 0; i < PEOPLE.length; i++) {
            people[i] = BgrImage.read(shared.resolve("data/faces/images").resolve(PEOPLE[i])).resize(300, 300);
        }
        System.out.println("writing " + file + " (once) ...");
        return FaceClips.write(i -> frame(people, i), seconds * FPS, FPS, 2 * FPS, 4_000_000, file);
    }

    private static BgrImage frame(BgrImage[] people, int index) {
        byte[] canvas = new byte[WIDTH * HEIGHT * 3];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int o = (y * WIDTH + x) * 3;
                canvas[o] = (byte) (90 + x / 32);
                canvas[o + 1] = (byte) (100 + y / 24);
                canvas[o + 2] = (byte) 110;
            }
        }
        double t = index / (double) FPS;
        for (int p = 0; p < people.length; p++) {
            int col = p % 3;
            int row = p / 3;
            int x0 = 63 + col * 426 + (int) Math.round(40 * Math.sin(2 * Math.PI * t / 5 + p));
            int y0 = 30 + row * 360 + (int) Math.round(20 * Math.cos(2 * Math.PI * t / 7 + p));
            BgrImage face = people[p];
            for (int y = 0; y < face.height(); y++) {
                int ty = y0 + y;
                if (ty < 0 || ty >= HEIGHT) {
                    continue;
                }
                int tx = Math.max(0, x0);
                int sx = tx - x0;
                int len = Math.min(face.width() - sx, WIDTH - tx);
                if (len > 0) {
                    System.arraycopy(face.bgr(), (y * face.width() + sx) * 3, canvas, (ty * WIDTH + tx) * 3, len * 3);
                }
            }
        }
        return new BgrImage(WIDTH, HEIGHT, canvas);
    }
}
