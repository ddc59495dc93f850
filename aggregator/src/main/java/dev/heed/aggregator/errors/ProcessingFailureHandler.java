package dev.heed.aggregator.errors;

import dev.heed.aggregator.AggregatorMetrics;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two kinds of exception reach this handler. A {@link RejectedEventException} is bad input: it is counted by
 * reason, the input goes to the dead-letter topic, and processing resumes with the next record. Anything
 * else inside the aggregator's own processing is a bug, so it still fails the stream thread (as Streams'
 * default does), but the input that triggered it goes to the dead-letter topic as a DeadLetter message
 * rather than as the raw bytes Streams' default handler would write there.
 */
public final class ProcessingFailureHandler implements ProcessingExceptionHandler {
    public static final String REASON_CODE = "processing_error";
    private static final Logger log = LoggerFactory.getLogger(ProcessingFailureHandler.class);

    private DeadLetterRecords deadLetters;
    private AggregatorMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetterRecords.from(configs);
        metrics = configs.get(DeserializationFailureHandler.METRICS_CONFIG) instanceof AggregatorMetrics m ? m : null;
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        RejectedEventException rejected = rejection(exception);
        if (rejected != null) {
            log.warn("skipping pose event {}-{}@{}: {}", context.topic(), context.partition(), context.offset(),
                    rejected.getMessage());
            if (metrics != null) {
                metrics.rejectedEvent(rejected.reasonCode());
            }
            return Response.resume(deadLetters.of(context.topic(), context.partition(), context.offset(),
                    context.sourceRawKey(), context.sourceRawValue(), rejected.reasonCode(), rejected));
        }
        log.error("processing failed at node {} of task {} on {}-{}@{}", context.processorNodeId(), context.taskId(),
                context.topic(), context.partition(), context.offset(), exception);
        return Response.fail(deadLetters.of(context.topic(), context.partition(), context.offset(), context.sourceRawKey(),
                context.sourceRawValue(), REASON_CODE, exception));
    }

    private static RejectedEventException rejection(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RejectedEventException r) {
                return r;
            }
        }
        return null;
    }
}
