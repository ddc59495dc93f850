package dev.heed.evaluation;

/** The configuration evaluation/README.md recommends from the measured table, used by the target test. */
final class Recommended {
    static final String CROP_MARGIN = "0.0";
    static final boolean MIRROR = true;

    private Recommended() {
    }
}
