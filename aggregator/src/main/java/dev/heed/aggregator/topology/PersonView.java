package dev.heed.aggregator.topology;

import dev.heed.proto.v1.AlertType;
import dev.heed.topics.PersonKey;
import java.util.ArrayList;
import java.util.List;

/**
 * A person's current state as the interactive query reports it: a read-only copy of the stored
 * {@link PersonState}, as of the last commit. The state is the reported one (FACE_HIDDEN for an away person whose
 * face is not visible), since when it has held; the angles are the last ones seen of the face.
 *
 * @param openAlerts the alerts raised and not yet cleared
 */
public record PersonView(PersonKey person, AttentionState state, long sinceMs, long lastSeenMs, double yawDeg,
                         double pitchDeg, double rollDeg, String policyId, List<OpenAlert> openAlerts) {

    public record OpenAlert(String alertId, AlertType type, long startedAtMs) {
    }

    public static PersonView of(PersonKey person, PersonState s) {
        List<OpenAlert> open = new ArrayList<>(3);
        if (s.longDistractionRaised) {
            open.add(new OpenAlert(Alerts.id(person, AlertType.LONG_DISTRACTION, s.sinceMs), AlertType.LONG_DISTRACTION, s.sinceMs));
        }
        if (s.timeSharingStartedMs != PersonState.NONE) {
            open.add(new OpenAlert(Alerts.id(person, AlertType.VISUAL_TIME_SHARING, s.timeSharingStartedMs),
                    AlertType.VISUAL_TIME_SHARING, s.timeSharingStartedMs));
        }
        if (s.absentRaised) {
            open.add(new OpenAlert(Alerts.id(person, AlertType.ABSENT, s.lastSeenMs), AlertType.ABSENT, s.lastSeenMs));
        }
        return new PersonView(person, s.reported(), s.reportedSinceMs(), s.lastSeenMs, s.yawDeg, s.pitchDeg, s.rollDeg,
                s.settings.policyId(), List.copyOf(open));
    }
}
