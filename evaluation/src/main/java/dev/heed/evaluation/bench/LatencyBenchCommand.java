package dev.heed.evaluation.bench;

import dev.heed.evaluation.JsonText;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code heed bench latency}: how late poses, alerts and windows reach a subscriber, the whole pipeline in real time. */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = {"How late the pipeline's outputs reach a subscriber. Each clip runs through the whole pipeline in real "
                + "time, as heed demo runs it with its default settings (a Kafka broker, ingest, inference and the aggregator "
                + "in this JVM); a read_committed consumer in the same JVM notes when each record arrives. Delay = arrival "
                + "(wall clock) minus the instant the record was due: a pose event's capture time, an alert's decided_at_ms "
                + "(the capture time of the sample that decided it), a window's end (or the clip's end, for the windows its end closes).",
                "Default clips: the sample clip (one person, two long distractions) and a generated clip of four people who "
                        + "turn away one after another (written once from --faces into the temporary folder's heed-bench/, "
                        + "about half a minute). Goal (issue 12): alerts p99 and pose events p95 within 500 ms."})
public final class LatencyBenchCommand implements Callable<Integer> {
    static final double GOAL_MS = 500;

    @Spec
    CommandSpec spec;

    @Option(names = "--source", paramLabel = "FILE",
            description = "A video file to run instead of the default clips; repeat for several.")
    List<Path> sources = new ArrayList<>();

    @Option(names = "--sample-clip", paramLabel = "FILE", defaultValue = "${env:HEED_DEMO_CLIP:-../shared/data/clips/office-turns.mp4}",
            description = "The sample clip (env HEED_DEMO_CLIP). Default: ${DEFAULT-VALUE}.")
    Path sampleClip;

    @Option(names = "--faces", paramLabel = "DIR", defaultValue = "${env:HEED_BENCH_FACES:-../shared/data/faces}",
            description = "The data/faces folder the four-person clip is made from (env HEED_BENCH_FACES). Default: ${DEFAULT-VALUE}.")
    Path faces;

    @Option(names = "--sample-fps", paramLabel = "FPS", defaultValue = "5",
            description = "Frames per second analysed, as heed demo's option. Default: ${DEFAULT-VALUE}.")
    double sampleFps;

    @Option(names = "--records", paramLabel = "FILE",
            description = "Also write every record read as a CSV line to FILE: clip, kind, track, due_ms, arrival_ms, delay_ms.")
    Path records;

    @Option(names = "--json", description = "Print one JSON object instead of text: clips (each: clip, seconds, alerts_raised by "
            + "type, late_events and duplicate_events the aggregator dropped, and pose, alert, alert_after_its_pose (an "
            + "alert's arrival minus that of the pose event that decided it: the aggregator's share), person_window, "
            + "camera_window, each {count, p50_ms, p95_ms, p99_ms, max_ms}), all (the "
            + "same over every clip), goal_ms, goal_met (alert p99 and pose p95 within goal_ms).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!(sampleFps > 0 && sampleFps <= 60)) {
            throw new IllegalArgumentException("--sample-fps must be in (0, 60], got " + sampleFps);
        }
        List<Path> clips = new ArrayList<>();
        for (Path p : sources) {
            clips.add(existing(p, "--source"));
        }
        if (clips.isEmpty()) {
            clips.add(existing(sampleClip, "--sample-clip"));
            clips.add(fourPeopleClip());
        }
        PrintWriter err = spec.commandLine().getErr();
        List<LatencyBenchmark.Result> results = new ArrayList<>();
        try (PrintWriter csv = records == null ? null : new PrintWriter(Files.newBufferedWriter(records))) {
            if (csv != null) {
                csv.println("clip,kind,track,due_ms,arrival_ms,delay_ms");
            }
            for (Path clip : clips) {
                results.add(LatencyBenchmark.run(clip.toString(), "bench-cam", sampleFps, Duration.ofMinutes(10),
                        line -> {
                            err.println("heed bench latency: " + line);
                            err.flush();
                        },
                        line -> {
                            if (csv != null) {
                                csv.println(line);
                            }
                        }));
            }
        }
        report(spec.commandLine().getOut(), results);
        return 0;
    }

    private Path fourPeopleClip() throws Exception {
        if (!Files.isDirectory(faces)) {
            throw new IllegalArgumentException("--faces " + faces.toAbsolutePath() + ": no such folder (or give --source)");
        }
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "heed-bench");
        if (!Files.isRegularFile(dir.resolve("four-people-turning-720p.mp4"))) {
            spec.commandLine().getErr().println("heed bench latency: writing the four-person clip into " + dir + " (once) ...");
        }
        return TurningPeopleClip.cached(faces, dir);
    }

    private static Path existing(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + " " + file + ": no such file");
        }
        return file;
    }

    private void report(PrintWriter out, List<LatencyBenchmark.Result> results) {
        LatencyBenchmark.Result all = LatencyBenchmark.all(results);
        boolean met = all.alerts().percentile(99) <= GOAL_MS && all.poses().percentile(95) <= GOAL_MS;
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("clips", results.stream().map(LatencyBenchCommand::json).toList());
            m.put("all", json(all));
            m.put("goal_ms", GOAL_MS);
            m.put("goal_met", met);
            out.println(JsonText.of(m));
            out.flush();
            return;
        }
        for (LatencyBenchmark.Result r : results) {
            out.printf(Locale.ROOT, "%s (%.0f s, alerts raised %s, pose events dropped by the aggregator: %d late, %d duplicates)%n",
                    Path.of(r.clip()).getFileName(), r.seconds(), r.raised(), r.late(), r.duplicates());
            line(out, "pose events", r.poses());
            line(out, "alerts", r.alerts());
            line(out, "  of which aggr.", r.aggregator());
            line(out, "person windows", r.personWindows());
            line(out, "camera windows", r.cameraWindows());
        }
        out.printf(Locale.ROOT, "all clips: alerts p99 %.0f ms, pose events p95 %.0f ms; goal %.0f ms each: %s%n",
                all.alerts().percentile(99), all.poses().percentile(95), GOAL_MS, met ? "met" : "NOT met");
        out.println("delay = arrival at a read_committed consumer (wall clock) minus the instant due: capture time (pose), "
                + "decided_at_ms (alert), window end or clip end if sooner (window); 'of which aggr.': an alert's arrival minus that of the pose "
                + "event that decided it");
        out.flush();
    }

    private static void line(PrintWriter out, String what, LatencyBenchmark.Delays d) {
        out.printf(Locale.ROOT, "  %-15s %5d   p50 %6.0f ms   p95 %6.0f ms   p99 %6.0f ms   max %6.0f ms%n", what, d.count(),
                d.percentile(50), d.percentile(95), d.percentile(99), d.max());
    }

    private static Map<String, Object> json(LatencyBenchmark.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clip", r.clip());
        m.put("seconds", r.seconds());
        m.put("alerts_raised", r.raised());
        m.put("late_events", r.late());
        m.put("duplicate_events", r.duplicates());
        m.put("pose", json(r.poses()));
        m.put("alert", json(r.alerts()));
        m.put("alert_after_its_pose", json(r.aggregator()));
        m.put("person_window", json(r.personWindows()));
        m.put("camera_window", json(r.cameraWindows()));
        return m;
    }

    private static Map<String, Object> json(LatencyBenchmark.Delays d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", d.count());
        m.put("p50_ms", d.percentile(50));
        m.put("p95_ms", d.percentile(95));
        m.put("p99_ms", d.percentile(99));
        m.put("max_ms", d.max());
        return m;
    }
}
