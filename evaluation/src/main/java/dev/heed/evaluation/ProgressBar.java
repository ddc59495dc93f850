package dev.heed.evaluation;

import java.io.PrintStream;

/** A one-line progress bar on the terminal's stderr; draws nothing when stderr is not a terminal (CI logs, pipes). */
public final class ProgressBar {
    private static final int WIDTH = 30;

    private final String label;
    private final int total;
    private final PrintStream out;
    private final boolean enabled;
    private int done;
    private int drawnPercent = -1;

    public ProgressBar(String label, int total, PrintStream out, boolean enabled) {
        this.label = label;
        this.total = Math.max(1, total);
        this.out = out;
        this.enabled = enabled;
    }

    /** A bar on System.err when the process has a terminal. */
    public static ProgressBar onTerminal(String label, int total) {
        return new ProgressBar(label, total, System.err, System.console() != null);
    }

    public void step() {
        advanceTo(done + 1);
    }

    /** Moves the bar to {@code steps} done, for work counted in batches (records per poll); never moves it back. */
    public void advanceTo(int steps) {
        if (steps <= done) {
            return;
        }
        done = steps;
        int percent = (int) (100L * done / total);
        if (enabled && percent != drawnPercent) {
            drawnPercent = percent;
            int filled = WIDTH * done / total;
            out.print("\r" + label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total);
            out.flush();
        }
    }

    /** Ends the bar's line so what follows starts on a fresh one. */
    public void finish() {
        if (enabled && drawnPercent >= 0) {
            out.println();
        }
    }
}
