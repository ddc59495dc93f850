package dev.heed.evaluation.scenes;

import dev.heed.common.image.BgrImage;
import dev.heed.evaluation.scenario.SceneTruth;
import java.util.ArrayList;
import java.util.List;

/**
 * One person in a generated scene: where their head sits, how it jitters, and which photo of them shows when. Their
 * ground truth is read off the same spans that draw them, so the two cannot disagree.
 */
public final class Actor {
    /** A stretch of the clip in one state, drawn with one head (null while absent). */
    public record Shot(SceneTruth.State state, SceneTruth.AwayKind kind, long fromMs, long toMs, HeadPatch head) {
    }

    /**
     * A few pixels of head movement: two slow sines per axis, as a seated person's head drifts and sways.
     *
     * @param amplitude peak offset per sine, pixels
     */
    public record Jitter(double amplitude, double fx1, double fx2, double fy1, double fy2, double phase) {
        int dx(long ms) {
            double t = ms / 1000.0;
            return (int) Math.round(amplitude * (Math.sin(2 * Math.PI * fx1 * t + phase) + 0.5 * Math.sin(2 * Math.PI * fx2 * t + 2 * phase)));
        }

        int dy(long ms) {
            double t = ms / 1000.0;
            return (int) Math.round(0.6 * amplitude * (Math.sin(2 * Math.PI * fy1 * t + 3 * phase) + 0.5 * Math.sin(2 * Math.PI * fy2 * t)));
        }
    }

    private final String id;
    private final double headX;
    private final double headY;
    private final double faceWidth;
    private final Jitter jitter;
    private final List<Shot> shots;

    /**
     * @param faceWidth width of the face in the scene (the landmark box's), pixels; the seat is sized from it
     * @param shots     from 0 to the clip's end, in order, without gaps
     */
    public Actor(String id, double headX, double headY, double faceWidth, Jitter jitter, List<Shot> shots) {
        this.id = id;
        this.headX = headX;
        this.headY = headY;
        this.faceWidth = faceWidth;
        this.jitter = jitter;
        this.shots = List.copyOf(shots);
        for (int i = 1; i < this.shots.size(); i++) {
            if (this.shots.get(i).fromMs() != this.shots.get(i - 1).toMs()) {
                throw new IllegalArgumentException(id + ": shots must follow each other without gaps");
            }
        }
    }

    public String id() {
        return id;
    }

    public double headX() {
        return headX;
    }

    public double headY() {
        return headY;
    }

    public double faceWidth() {
        return faceWidth;
    }

    /** The shot at clip time t. */
    public Shot shotAt(long ms) {
        for (Shot s : shots) {
            if (ms < s.toMs()) {
                return s;
            }
        }
        return shots.get(shots.size() - 1);
    }

    /** The colour of the attending face's skin, for the neck the scenes paint below the head. */
    public int skinTone() {
        return shots.get(0).head() == null ? 0xb08060 : shots.get(0).head().skinTone();
    }

    public boolean presentAt(long ms) {
        return shotAt(ms).state() != SceneTruth.State.ABSENT;
    }

    /** Draws the head as it is at clip time t (nothing while absent). */
    public void drawHead(BgrImage canvas, long ms) {
        Shot s = shotAt(ms);
        if (s.head() != null) {
            s.head().drawAt(canvas, (int) Math.round(headX) + jitter.dx(ms), (int) Math.round(headY) + jitter.dy(ms));
        }
    }

    /** The ground truth: this person's seat and spans. */
    public SceneTruth.Person truth(SceneTruth.Seat seat) {
        List<SceneTruth.Span> spans = new ArrayList<>();
        for (Shot s : shots) {
            SceneTruth.Span last = spans.isEmpty() ? null : spans.get(spans.size() - 1);
            // Two shots in one state (say two different photos, both attending) are one span of the truth.
            if (last != null && last.state() == s.state() && last.kind() == s.kind()) {
                spans.set(spans.size() - 1, new SceneTruth.Span(last.state(), last.kind(), last.fromMs(), s.toMs()));
            } else {
                spans.add(new SceneTruth.Span(s.state(), s.kind(), s.fromMs(), s.toMs()));
            }
        }
        return new SceneTruth.Person(id, seat, spans);
    }
}
