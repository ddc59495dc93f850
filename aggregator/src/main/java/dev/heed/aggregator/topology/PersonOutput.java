package dev.heed.aggregator.topology;

import dev.heed.proto.v1.AttentionAlert;

/** What the person processor emits: samples labelled with their person's state, and alerts. Never serialized. */
public sealed interface PersonOutput {
    /** A sample in event order, with whether its person was attending after it. */
    record LabelledSample(PoseSample sample, boolean attending) implements PersonOutput {
    }

    record Alert(AttentionAlert alert) implements PersonOutput {
    }
}
