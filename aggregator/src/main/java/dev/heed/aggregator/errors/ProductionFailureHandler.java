package dev.heed.aggregator.errors;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams' default behaviour on a failed write (retry what is retriable, fail otherwise), except that the
 * input record goes to the dead-letter topic as a DeadLetter message, not as the raw bytes Streams' default
 * handler would write there.
 */
public final class ProductionFailureHandler implements ProductionExceptionHandler {
    public static final String REASON_CODE = "production_error";
    private static final Logger log = LoggerFactory.getLogger(ProductionFailureHandler.class);

    private DeadLetterRecords deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetterRecords.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        return fail(context, record.topic(), exception);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        return fail(context, record.topic(), exception);
    }

    private Response fail(ErrorHandlerContext context, String outputTopic, Exception exception) {
        log.error("writing to {} failed for input {}-{}@{}", outputTopic, context.topic(), context.partition(),
                context.offset(), exception);
        return Response.fail(deadLetters.of(context.topic(), context.partition(), context.offset(), context.sourceRawKey(),
                context.sourceRawValue(), REASON_CODE, exception));
    }
}
