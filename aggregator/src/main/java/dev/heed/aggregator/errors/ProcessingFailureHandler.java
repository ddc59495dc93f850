package dev.heed.aggregator.errors;

import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exception inside the aggregator's own processing is a bug, so it still fails the stream thread (as
 * Streams' default does), but the input that triggered it goes to the dead-letter topic as a DeadLetter
 * message rather than as the raw bytes Streams' default handler would write there.
 */
public final class ProcessingFailureHandler implements ProcessingExceptionHandler {
    public static final String REASON_CODE = "processing_error";
    private static final Logger log = LoggerFactory.getLogger(ProcessingFailureHandler.class);

    private DeadLetterRecords deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetterRecords.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        log.error("processing failed at node {} of task {} on {}-{}@{}", context.processorNodeId(), context.taskId(),
                context.topic(), context.partition(), context.offset(), exception);
        return Response.fail(deadLetters.of(context.topic(), context.partition(), context.offset(), context.sourceRawKey(),
                context.sourceRawValue(), REASON_CODE, exception));
    }
}
