package dev.heed.cli.demo;

import dev.heed.evaluation.pipeline.LocalPipeline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.heed.ingest.DetectorChoice;
import dev.heed.ingest.detect.DetectorKind;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The demo's options become its plan; the pipeline itself runs in PipelineEndToEndTest. */
class DemoOptionsTest {
    @Test
    void estimatorAndModelReachThePlan() {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--estimator", "3ddfa+fsanet:weighted", "--model", "/models/hopenet-lite-shufflenetv2-int8.onnx",
                "--fast", "--camera-id", "room-1");
        LocalPipeline.Plan plan = demo.options.plan();
        assertEquals("3ddfa+fsanet:weighted", plan.estimator());
        assertEquals(Path.of("/models/hopenet-lite-shufflenetv2-int8.onnx"), plan.model());
        assertEquals("room-1", plan.cameraId());
        assertEquals(false, plan.realtime());
    }

    @Test
    void ingestsDetectorFlagsReachThePlan() {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--detector", "SCRFD", "--detector-input-size", "320", "--score-threshold", "0.7", "--sample-fps", "2");
        LocalPipeline.Plan plan = demo.options.plan();
        assertEquals(new DetectorChoice(DetectorKind.SCRFD, null, 320, 0.7f), plan.detector());
        assertEquals(2.0, plan.sampleFps());
    }

    @Test
    void defaultsAreHopenetAndTheModelsFoldersFile() {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs();
        LocalPipeline.Plan plan = demo.options.plan();
        // The environment of a test run sets neither HEED_INFERENCE_ESTIMATOR nor HEED_INFERENCE_MODEL.
        assertEquals(System.getenv().getOrDefault("HEED_INFERENCE_ESTIMATOR", "hopenet"), plan.estimator());
        if (System.getenv("HEED_INFERENCE_MODEL") == null) {
            assertNull(plan.model());
        }
    }
}
