package dev.heed.aggregator.http;

import dev.heed.aggregator.topology.PersonView;
import java.util.List;

/** The JSON body of {@code GET /people}; field names follow the proto style (snake_case, units in names). */
final class PeopleJson {
    private PeopleJson() {
    }

    static String write(String cameraId, List<PersonView> people) {
        StringBuilder sb = new StringBuilder(128 + people.size() * 256);
        sb.append("{\"camera_id\":").append(quote(cameraId)).append(",\"people\":[");
        for (int i = 0; i < people.size(); i++) {
            PersonView p = people.get(i);
            sb.append(i == 0 ? "" : ",")
                    .append("{\"track_id\":").append(p.person().trackId())
                    .append(",\"state\":").append(quote(p.state().name()))
                    .append(",\"since_ms\":").append(p.sinceMs())
                    .append(",\"last_seen_ms\":").append(p.lastSeenMs())
                    .append(",\"yaw_deg\":").append((float) p.yawDeg())
                    .append(",\"pitch_deg\":").append((float) p.pitchDeg())
                    .append(",\"roll_deg\":").append((float) p.rollDeg())
                    .append(",\"policy_id\":").append(quote(p.policyId()))
                    .append(",\"open_alerts\":[");
            for (int j = 0; j < p.openAlerts().size(); j++) {
                PersonView.OpenAlert a = p.openAlerts().get(j);
                sb.append(j == 0 ? "" : ",")
                        .append("{\"alert_id\":").append(quote(a.alertId()))
                        .append(",\"type\":").append(quote(a.type().name()))
                        .append(",\"started_at_ms\":").append(a.startedAtMs())
                        .append('}');
            }
            sb.append("]}");
        }
        return sb.append("]}").toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
