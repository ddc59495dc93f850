package dev.heed.aggregator.topology;

import dev.heed.aggregator.policy.AttentionSettings;
import dev.heed.topics.PersonKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The real clip's pose sequence (test resource clips/office-turns-poses.csv) replayed through one person's
 * {@link PersonStateMachine}, to count how often the state flips with and without hysteresis and dwell.
 */
final class ClipReplay {
    static final PersonKey PERSON = new PersonKey("office", 1);

    /** One row of the clip: capture time relative to the first frame, angles, the lower of yaw and pitch confidence. */
    record Row(long tMs, double yaw, double pitch, double roll, double confidence) {
    }

    /** The state changes between attending and away, each dated as the state machine dates it. */
    record Result(List<Long> switchTimesMs, List<AttentionState> states, long clipMs) {
        int changes() {
            return switchTimesMs.size();
        }

        /** State changes per minute of clip. */
        double perMinute() {
            return changes() * 60_000.0 / clipMs;
        }
    }

    private ClipReplay() {
    }

    static List<Row> load() {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                ClipReplay.class.getResourceAsStream("/clips/office-turns-poses.csv"), StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line; (line = in.readLine()) != null; ) {
                String[] f = line.split(",");
                rows.add(new Row(Long.parseLong(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                        Double.parseDouble(f[4]), Math.min(Double.parseDouble(f[5]), Double.parseDouble(f[6]))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** The rows with independent Gaussian noise of the given standard deviation added to yaw and pitch. */
    static List<Row> jittered(List<Row> rows, double sigmaDeg, long seed) {
        Random rnd = new Random(seed);
        return rows.stream().map(r -> new Row(r.tMs(), r.yaw() + sigmaDeg * rnd.nextGaussian(),
                r.pitch() + sigmaDeg * rnd.nextGaussian(), r.roll(), r.confidence())).toList();
    }

    static Result replay(List<Row> rows, AttentionSettings settings, long t0) {
        PersonState st = null;
        List<Long> switches = new ArrayList<>();
        List<AttentionState> states = new ArrayList<>();
        Decisions ignored = new Decisions();
        AttentionState previous = null;
        long since = 0;
        for (Row r : rows) {
            st = PersonStateMachine.onSample(PERSON, st,
                    new PoseSample(PERSON, t0 + r.tMs(), r.yaw(), r.pitch(), r.roll(), r.confidence(), settings), 300_000, ignored);
            ignored.clear();
            if (previous != null && (st.state() != previous || st.sinceMs() != since)) {
                switches.add(st.sinceMs() - t0);
                states.add(st.state());
            }
            previous = st.state();
            since = st.sinceMs();
        }
        return new Result(switches, states, rows.get(rows.size() - 1).tMs() - rows.get(0).tMs() + 40);
    }
}
