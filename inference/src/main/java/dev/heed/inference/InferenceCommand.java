package dev.heed.inference;

import dev.heed.common.service.ServiceMain;
import dev.heed.common.cli.CommandRunner;
import dev.heed.common.cli.HttpOptions;
import dev.heed.common.cli.KafkaOptions;
import dev.heed.common.cli.ReportOptions;
import dev.heed.common.kafka.KafkaSettings;
import dev.heed.inference.model.PoseEstimators;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code heed inference}: face crops in, pose events out. */
@Command(name = "inference", mixinStandardHelpOptions = true,
        description = "Estimates the head pose of every face crop on heed.face-crops.v1 with a Hopenet-style ONNX model, "
                + "in micro-batches, and publishes pose events to heed.pose-events.v1.")
public final class InferenceCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(InferenceCommand.class);
    static final int DEFAULT_HTTP_PORT = 9402;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    HttpOptions http;

    @Mixin
    ModelOptions model;

    @Mixin
    ReportOptions report;

    @Option(names = "--max-batch", paramLabel = "N", defaultValue = "${env:HEED_INFERENCE_MAX_BATCH:-8}",
            description = "Most face crops run through the model together; also the most records one poll returns "
                    + "(env HEED_INFERENCE_MAX_BATCH). Default: ${DEFAULT-VALUE}.")
    int maxBatch;

    @Option(names = "--max-wait-ms", paramLabel = "MS", defaultValue = "${env:HEED_INFERENCE_MAX_WAIT_MS:-20}",
            description = "Longest a crop waits for its batch to fill before the batch runs anyway; 0 runs whatever "
                    + "each poll returned (env HEED_INFERENCE_MAX_WAIT_MS). Default: ${DEFAULT-VALUE}.")
    long maxWaitMs;

    @Option(names = "--group-id", paramLabel = "ID", defaultValue = "${env:HEED_INFERENCE_GROUP_ID:-heed-inference}",
            description = "Kafka consumer group; instances in one group share the crop partitions "
                    + "(env HEED_INFERENCE_GROUP_ID). Default: ${DEFAULT-VALUE}.")
    String groupId;

    @Option(names = "--max-age-ms", paramLabel = "MS", defaultValue = "${env:HEED_INFERENCE_MAX_AGE_MS:-10000}",
            description = "Crops captured longer ago than this are skipped (and counted) instead of estimated, so "
                    + "a backlog does not delay live output (env HEED_INFERENCE_MAX_AGE_MS). Default: ${DEFAULT-VALUE}.")
    long maxAgeMs;

    @Option(names = "--estimator", paramLabel = "NAME", defaultValue = "${env:HEED_INFERENCE_ESTIMATOR:-" + PoseEstimators.DEFAULT + "}",
            description = "Pose estimator, as listed by heed models (e.g. hopenet, hopenet-mirror, 3ddfa, fsanet, landmarks, "
                    + "3ddfa+hopenet-mirror, 3ddfa+fsanet:weighted; any single one + '-mirror' is mirror averaged; ':weighted' after "
                    + "an ensemble weighs each member by 1 / its measured error); model files other than --model's are read from "
                    + "--model's folder (env HEED_INFERENCE_ESTIMATOR). Default: ${DEFAULT-VALUE}.")
    String estimator;

    public static void main(String[] args) {
        System.exit(CommandRunner.run(new InferenceCommand(), args));
    }

    /** The validated configuration from the options; IllegalArgumentException names the flag at fault. */
    InferenceConfig config() {
        return new InferenceConfig(model.toConfig(), maxBatch, Duration.ofMillis(maxWaitMs), groupId, Duration.ofMillis(maxAgeMs), estimator);
    }

    @Override
    public Integer call() throws Exception {
        InferenceConfig config = config();
        int port = http.port(DEFAULT_HTTP_PORT);
        KafkaSettings settings = kafka.toSettings();
        try (ServiceMain main = new ServiceMain(settings, report.interval())) {
            InferenceService service = main.start(new InferenceService(config, settings, main.registry()), port);
            return main.awaitStopOrDeath(service) ? 1 : 0;
        }
    }
}
