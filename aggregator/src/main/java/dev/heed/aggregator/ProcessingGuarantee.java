package dev.heed.aggregator;

import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams processing guarantees the aggregator supports. */
public enum ProcessingGuarantee {
    /** Transactions: an alert or window is written exactly once even if a task crashes and replays. */
    EXACTLY_ONCE_V2(StreamsConfig.EXACTLY_ONCE_V2),
    /** No transactions (for brokers without them); a replay after a crash can repeat alerts and windows. */
    AT_LEAST_ONCE(StreamsConfig.AT_LEAST_ONCE);

    private final String streamsValue;

    ProcessingGuarantee(String streamsValue) {
        this.streamsValue = streamsValue;
    }

    /** Accepts Kafka Streams' spelling in any case, e.g. "exactly_once_v2". */
    public static ProcessingGuarantee parse(String flag, String text) {
        for (ProcessingGuarantee g : values()) {
            if (text != null && g.streamsValue.equalsIgnoreCase(text.trim())) {
                return g;
            }
        }
        throw new IllegalArgumentException(flag + " must be exactly_once_v2 or at_least_once, got '" + text + "'");
    }

    /** The value of Kafka Streams' processing.guarantee. */
    public String streamsValue() {
        return streamsValue;
    }
}
