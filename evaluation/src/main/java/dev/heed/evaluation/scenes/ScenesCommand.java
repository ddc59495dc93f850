package dev.heed.evaluation.scenes;

import dev.heed.common.cli.CommandRunner;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heed scenes}: writes the project's labelled scenes (clip and scene file each) for {@code heed eval --scenario}. */
@Command(name = "scenes", mixinStandardHelpOptions = true,
        description = {"Writes the project's labelled test scenes, made of real faces from ../shared/data on synthetic rooms: "
                + "for each, an H.264 clip (NAME.mp4) and its ground truth (NAME.json, the scene file format of evaluation/README.md). "
                + "The same seed writes the same clips.",
                "classroom: 1920x1080, 32 students in 4 rows (faces 42-80 px), 14 s: 6 turn away for 5 s, 2 look down for 4 s, "
                        + "3 glance aside for 1.5 s, 1 leaves; judged with ABSENT alerts on.",
                "cabin: 1280x720, one driver (face about 190 px), 30 s: five 2.5 s glances 1.5 s apart (visual time-sharing), "
                        + "then a 4 s glance (long distraction).",
                "Then: heed eval --scenario DIR/classroom.json DIR/cabin.json [--fast]. Writing takes about 10-20 s per scene."})
public final class ScenesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "heed-scenes",
            description = "Folder to write the clips and scene files into (created if missing). Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--only", paramLabel = "NAME", split = ",", description = "Only these scenes: classroom, cabin. Default: both.")
    List<String> only;

    @Option(names = "--seed", paramLabel = "N", description = "Another seed (faces chosen, head jitter, colours) for every scene. "
            + "Default: each scene's own (classroom " + ClassroomScene.DEFAULT_SEED + ", cabin " + CabinScene.DEFAULT_SEED + ").")
    Long seed;

    @Option(names = "--aflw", paramLabel = "DIR", defaultValue = "${env:HEED_BENCH_DATA:-../shared/data/aflw2000-dev}",
            description = "The aflw2000-dev folder (labels.csv, images/) the classroom's faces come from (env HEED_BENCH_DATA). "
                    + "Default: ${DEFAULT-VALUE}.")
    Path aflw;

    @Option(names = "--faces", paramLabel = "DIR", defaultValue = "${env:HEED_BENCH_FACES:-../shared/data/faces}",
            description = "The data/faces folder (one person's head poses: the driver, and one student) (env HEED_BENCH_FACES). "
                    + "Default: ${DEFAULT-VALUE}.")
    Path faces;

    public static void main(String[] args) {
        System.exit(CommandRunner.run(new ScenesCommand(), args));
    }

    @Override
    public Integer call() throws Exception {
        List<String> names = only == null ? List.of(ClassroomScene.NAME, CabinScene.NAME)
                : only.stream().map(n -> n.strip().toLowerCase(Locale.ROOT)).toList();
        for (String n : names) {
            if (!n.equals(ClassroomScene.NAME) && !n.equals(CabinScene.NAME)) {
                throw new IllegalArgumentException("--only: no scene named '" + n + "' (classroom, cabin)");
            }
        }
        if (names.contains(ClassroomScene.NAME) && !Files.isDirectory(aflw)) {
            throw new IllegalArgumentException("--aflw " + aflw + " is not a folder (the classroom's faces come from aflw2000-dev)");
        }
        if (!Files.isDirectory(faces)) {
            throw new IllegalArgumentException("--faces " + faces + " is not a folder (../shared/data/faces)");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        List<Path> written = new ArrayList<>();
        for (String n : names) {
            GeneratedScene scene = n.equals(ClassroomScene.NAME)
                    ? ClassroomScene.create(aflw, faces, seed != null ? seed : ClassroomScene.DEFAULT_SEED)
                    : CabinScene.create(faces, seed != null ? seed : CabinScene.DEFAULT_SEED);
            System.err.printf("heed scenes: writing %s: %d frames of %dx%d at %d/s...%n", n, scene.frames(), scene.width(), scene.height(),
                    scene.fps());
            long started = System.nanoTime();
            Path json = scene.write(out);
            System.err.printf("heed scenes: %s written in %.0f s%n", n, (System.nanoTime() - started) / 1e9);
            stdout.println(json);
            written.add(json);
        }
        System.err.println("heed scenes: evaluate with: heed eval --scenario " + String.join(" ", written.stream().map(Path::toString).toList())
                + " [--fast]");
        stdout.flush();
        return 0;
    }
}
