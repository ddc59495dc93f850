package dev.heed.evaluation.scenario;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.aggregator.policy.AttentionSettings;
import dev.heed.aggregator.policy.PolicyResolver;
import dev.heed.proto.v1.AttentionPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The ground truth of one video clip: the clip, the attention policy it is judged under, and per person where they
 * sit and what they did when. Times are milliseconds of the clip's own time (frame n is at n / fps). Built by
 * {@link SceneFile} (which validates a file) or by the scene generators.
 *
 * @param name        a short name, also the camera id the clip is published under
 * @param description free text
 * @param clip        the video and its properties as labelled
 * @param policy      the attention policy's fields that differ from the aggregator's defaults (the default instance
 *                    for none); published under the camera id before the run
 * @param people      everyone who sits in the view at some time, ids unique
 */
public record SceneTruth(String name, String description, Clip clip, AttentionPolicy policy, List<Person> people) {
    public SceneTruth {
        people = List.copyOf(people);
    }

    /**
     * @param file       the clip, as resolved (relative paths against the scene file's folder)
     * @param fileAsWritten the path as the scene file gives it
     */
    public record Clip(Path file, String fileAsWritten, double fps, int width, int height, long durationMs) {
    }

    /** A region of the frame, pixels: where a person's face is while they sit there. */
    public record Seat(double x, double y, double width, double height) {
        public boolean contains(double px, double py) {
            return px >= x && px < x + width && py >= y && py < y + height;
        }

        public double distanceToCentre(double px, double py) {
            return Math.hypot(px - (x + width / 2), py - (y + height / 2));
        }
    }

    public enum State {
        ATTENDING, AWAY, ABSENT;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What an away span was: head turned aside, looking down or up, a short glance, or anything else. */
    public enum AwayKind {
        TURNED, DOWN, UP, GLANCE, OTHER;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** [fromMs, toMs) in one state; kind is set for AWAY only. */
    public record Span(State state, AwayKind kind, long fromMs, long toMs) {
        public long lengthMs() {
            return toMs - fromMs;
        }
    }

    /** One person: spans cover the clip from 0 to its duration, in order, without gaps or overlaps. */
    public record Person(String id, Seat seat, List<Span> timeline) {
        public Person {
            timeline = List.copyOf(timeline);
        }

        /** The state at clip time t (the last span's state at and after the end). */
        public State stateAt(long t) {
            for (Span s : timeline) {
                if (t < s.toMs()) {
                    return s.state();
                }
            }
            return timeline.get(timeline.size() - 1).state();
        }
    }

    /** The policy's settings over the aggregator's defaults, exactly as the aggregator resolves them. */
    public AttentionSettings settings() {
        return PolicyResolver.merge(name, policy, AggregatorConfig.DEFAULT_SETTINGS);
    }

    /** Whether the scene sets any policy field (and so needs a policy published for its camera). */
    public boolean hasPolicy() {
        return !policy.equals(AttentionPolicy.getDefaultInstance());
    }
}
