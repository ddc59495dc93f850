package dev.heed.evaluation.scenario;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code heed eval --scenario}: every scene file read and its clip checked first (a bad file or a clip that does not
 * match its labels fails before any broker starts), then each scene run through the whole pipeline
 * ({@link ScenarioRun}) and scored ({@link SceneScorer}).
 */
public final class ScenarioEvaluation {
    private ScenarioEvaluation() {
    }

    public static ScenarioReport run(List<Path> files, ScenarioRun.Settings settings, PrintStream progress) throws Exception {
        List<SceneTruth> scenes = new ArrayList<>();
        for (Path f : files) {
            scenes.add(SceneFile.read(f));
        }
        for (int i = 0; i < scenes.size(); i++) {
            progress.printf("heed eval: checking %s against %s%n", scenes.get(i).clip().fileAsWritten(), files.get(i));
            ClipCheck.check(scenes.get(i), files.get(i));
        }
        List<SceneScore> scores = new ArrayList<>();
        for (int i = 0; i < scenes.size(); i++) {
            SceneTruth scene = scenes.get(i);
            long started = System.nanoTime();
            Observations seen = ScenarioRun.run(scene, settings, progress);
            scores.add(SceneScorer.score(scene, files.get(i).toString(), seen));
            progress.printf("heed eval: %s: scored (%.0f s for the scene)%n", scene.name(), (System.nanoTime() - started) / 1e9);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("mode", settings.realtime() ? "realtime" : "fast");
        config.put("estimator", settings.estimator());
        config.put("model", settings.model() == null ? null : settings.model().toString());
        config.put("sample_fps", settings.sampleFps());
        config.put("match_slack_ms", DueAlerts.SLACK_MS);
        return new ScenarioReport(scores, config);
    }
}
