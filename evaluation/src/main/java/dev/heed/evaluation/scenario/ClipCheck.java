package dev.heed.evaluation.scenario;

import dev.heed.common.onnx.ModelsDirectory;
import dev.heed.ingest.IngestConfig;
import dev.heed.ingest.detect.DetectorException;
import dev.heed.ingest.detect.DetectorKind;
import dev.heed.ingest.detect.DetectorSettings;
import dev.heed.ingest.detect.FaceDetector;
import dev.heed.ingest.source.SourceOptions;
import dev.heed.ingest.source.VideoFrame;
import dev.heed.ingest.source.VideoSource;
import dev.heed.ingest.source.VideoSourceException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks a scene's clip against its labels before anything starts: the file is a video of the labelled size, frame rate
 * and duration, and ingest's detector (YuNet with ingest's default settings) finds a face on at least one of the first
 * frames where somebody is labelled present. Decodes the whole clip once, as ingest does (about a second per 10 s of
 * 1080p here). Problems are IllegalArgumentExceptions naming the scene file.
 */
public final class ClipCheck {
    /** Frames checked for faces: one per second where somebody is present, from the start. */
    static final int FRAMES_FOR_FACES = 5;

    private ClipCheck() {
    }

    /** @param sceneFile the scene file, for messages */
    public static void check(SceneTruth scene, Path sceneFile) throws Exception {
        SceneTruth.Clip clip = scene.clip();
        String where = sceneFile + ": clip.file " + clip.fileAsWritten();
        if (!Files.isRegularFile(clip.file())) {
            throw new IllegalArgumentException(where + ": no such file (" + clip.file() + ")");
        }
        Path model = ModelsDirectory.fromEnvironment().resolve(IngestConfig.DETECTOR_MODEL_FILE);
        int faceFrames = 0;
        int facesFound = 0;
        VideoFrame last = null;
        long decoded;
        try (VideoSource source = VideoSource.open(clip.file().toString(), new SourceOptions(1, false, false));
             FaceDetector detector = DetectorKind.YUNET.create(model, DetectorSettings.defaults())) {
            if (source.width() != clip.width() || source.height() != clip.height()) {
                throw new IllegalArgumentException(where + " is " + source.width() + "x" + source.height() + ", the scene says "
                        + clip.width() + "x" + clip.height());
            }
            VideoFrame f;
            while ((f = source.next()) != null) {
                last = f;
                long ms = Math.round(f.frameNumber() * 1000 / clip.fps());
                boolean someonePresent = scene.people().stream().anyMatch(p -> p.stateAt(ms) != SceneTruth.State.ABSENT);
                if (someonePresent && faceFrames < FRAMES_FOR_FACES) {
                    faceFrames++;
                    facesFound += detector.detect(f.image()).size();
                }
            }
            decoded = source.framesDecoded();
        } catch (VideoSourceException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        } catch (DetectorException e) {
            throw new IllegalStateException("the face detector " + model + " could not run: " + e.getMessage(), e);
        }
        if (last == null || decoded == 0) {
            throw new IllegalArgumentException(where + ": no frame could be decoded");
        }
        if (last.frameNumber() > 0) {
            double fps = last.frameNumber() / (last.streamMicros() / 1e6);
            if (Math.abs(fps - clip.fps()) > 0.01 * clip.fps()) {
                throw new IllegalArgumentException(where + " runs at " + String.format(java.util.Locale.ROOT, "%.2f", fps)
                        + " frames/s, the scene says clip.fps " + clip.fps());
            }
        }
        double durationMs = decoded * 1000 / clip.fps();
        double tolerance = 2 * 1000 / clip.fps();
        if (Math.abs(durationMs - clip.durationMs()) > tolerance) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "%s lasts %.2f s (%d frames at %s/s), the scene says clip.duration_s %.2f", where, durationMs / 1000, decoded,
                    clip.fps(), clip.durationMs() / 1000.0));
        }
        if (faceFrames > 0 && facesFound == 0) {
            throw new IllegalArgumentException(where + ": no face found on its first " + faceFrames + " frames where the scene has "
                    + "somebody present (one per second, ingest's detector): nothing to evaluate");
        }
    }
}
