package dev.heed.inference;

import dev.heed.common.service.ServiceMain;
import dev.heed.common.cli.CommandRunner;
import dev.heed.common.cli.HttpOptions;
import dev.heed.common.cli.KafkaOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code heed inference}: face crops in, pose events out. */
@Command(name = "inference", mixinStandardHelpOptions = true,
        description = "Estimates the head pose of every face crop on heed.face-crops.v1 with a Hopenet ONNX model "
                + "and publishes pose events to heed.pose-events.v1.")
public final class InferenceCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(InferenceCommand.class);
    static final int DEFAULT_HTTP_PORT = 9402;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    HttpOptions http;

    @Option(names = "--models-dir", paramLabel = "DIR", defaultValue = "${env:HEED_MODELS_DIR:-../shared/models}",
            description = "Folder holding the ONNX models (env HEED_MODELS_DIR); --model defaults to "
                    + InferenceConfig.DEFAULT_MODEL_FILE + " in it. Default: ${DEFAULT-VALUE}.")
    Path modelsDir;

    @Option(names = "--model", paramLabel = "FILE", defaultValue = "${env:HEED_INFERENCE_MODEL}",
            description = "ONNX model with Hopenet's interface: input 'input' [N,3,224,224] RGB with ImageNet "
                    + "normalisation, outputs yaw_logits, pitch_logits, roll_logits [N,66] (env HEED_INFERENCE_MODEL). "
                    + "Default: <models-dir>/" + InferenceConfig.DEFAULT_MODEL_FILE + ".")
    Path model;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "${env:HEED_INFERENCE_THREADS:-1}",
            description = "ONNX Runtime intra-op threads per model run (env HEED_INFERENCE_THREADS). Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--max-batch", paramLabel = "N", defaultValue = "${env:HEED_INFERENCE_MAX_BATCH:-16}",
            description = "Most face crops polled and run through the model together (Kafka max.poll.records) "
                    + "(env HEED_INFERENCE_MAX_BATCH). Default: ${DEFAULT-VALUE}.")
    int maxBatch;

    @Option(names = "--group-id", paramLabel = "ID", defaultValue = "${env:HEED_INFERENCE_GROUP_ID:-heed-inference}",
            description = "Kafka consumer group; instances in one group share the crop partitions "
                    + "(env HEED_INFERENCE_GROUP_ID). Default: ${DEFAULT-VALUE}.")
    String groupId;

    @Option(names = "--max-age-ms", paramLabel = "MS", defaultValue = "${env:HEED_INFERENCE_MAX_AGE_MS:-10000}",
            description = "Crops captured longer ago than this are skipped (and counted) instead of estimated, so "
                    + "a backlog does not delay live output (env HEED_INFERENCE_MAX_AGE_MS). Default: ${DEFAULT-VALUE}.")
    long maxAgeMs;

    @Option(names = "--mirror", arity = "0..1", paramLabel = "true|false", defaultValue = "${env:HEED_INFERENCE_MIRROR:-false}",
            description = "Also run each crop's mirror image in the same batch and average the two estimates: "
                    + "cancels the model's left-right bias at twice the model cost (env HEED_INFERENCE_MIRROR). "
                    + "Default: ${DEFAULT-VALUE}.")
    boolean mirror;

    public static void main(String[] args) {
        System.exit(CommandRunner.run(new InferenceCommand(), args));
    }

    /** The validated configuration from the options; IllegalArgumentException names the flag at fault. */
    InferenceConfig config() {
        Path modelPath = model != null ? model : modelsDir.resolve(InferenceConfig.DEFAULT_MODEL_FILE);
        return new InferenceConfig(modelPath, threads, maxBatch, groupId, Duration.ofMillis(maxAgeMs), mirror);
    }

    @Override
    public Integer call() throws Exception {
        InferenceConfig config = config();
        int port = http.port(DEFAULT_HTTP_PORT);
        try (ServiceMain main = new ServiceMain()) {
            InferenceService service = main.start(new InferenceService(config, kafka.toSettings(), main.registry()), port);
            return main.awaitStopOrDeath(service) ? 1 : 0;
        }
    }
}
