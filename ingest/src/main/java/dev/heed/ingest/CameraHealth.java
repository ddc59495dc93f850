package dev.heed.ingest;

import dev.heed.common.service.LastingProblem;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one camera, changed by its decoding thread, its processing thread and the stall monitor, and the one
 * place that tells the log about it: a line per change of state (with why, and what the camera does next), and while
 * a live camera keeps failing to reconnect, a summary each report interval (for how long, how many failures, the last
 * error). Details come from redacted sources: no line carries credentials.
 *
 * <p>A terminal state is final; re-entering the current state keeps its start time (a stall noticed by the monitor and
 * then by the decoder is one stall, timed from the first). Each change sets the camera's
 * {@code heed_ingest_camera_state} gauges: 1 for the current state, 0 for the others.
 */
final class CameraHealth {
    private static final Logger log = LoggerFactory.getLogger(CameraHealth.class);

    private final String cameraId;
    private final Map<CameraState, GaugeDataPoint> stateGauges;
    private final LastingProblem reconnecting;
    private CameraStatus status = new CameraStatus(CameraState.STARTING, System.currentTimeMillis(), "", false);

    CameraHealth(String cameraId, Map<CameraState, GaugeDataPoint> stateGauges, Duration reportInterval) {
        this.cameraId = cameraId;
        this.stateGauges = new EnumMap<>(stateGauges);
        this.reconnecting = new LastingProblem(reportInterval);
        publish(CameraState.STARTING);
    }

    synchronized CameraStatus status() {
        return status;
    }

    /** Moves to {@code state} unless the camera has already ended, logging the change; returns whether the state changed. */
    synchronized boolean enter(CameraState state, String detail) {
        return enter(state, detail, "");
    }

    /**
     * As {@link #enter(CameraState, String)}; {@code note} goes into the log line only (what the camera now does,
     * e.g. which file it reads at what size), {@code detail} into the status as well (why it is in this state).
     */
    synchronized boolean enter(CameraState state, String detail, String note) {
        CameraState current = status.state();
        if (current.isTerminal()) {
            return false;
        }
        if (state == CameraState.RECONNECTING) {
            reconnecting.failed(detail);
        }
        boolean started = status.started() || state == CameraState.RUNNING || state == CameraState.FINISHED;
        if (current == state) {
            status = new CameraStatus(state, status.sinceMs(), detail, started);
            if (state == CameraState.RECONNECTING && reconnecting.summaryDue()) {
                log.warn("camera {}: still reconnecting, for {} now: {} failure(s), the last: {}", cameraId,
                        LastingProblem.describe(reconnecting.lasted()), reconnecting.failures(), detail);
            }
            return false;
        }
        status = new CameraStatus(state, System.currentTimeMillis(), detail, started);
        publish(state);
        logChange(current, state, detail, note);
        return true;
    }

    private void logChange(CameraState from, CameraState to, String detail, String note) {
        String id = cameraId;
        String what = note.isEmpty() ? "" : ": " + note;
        switch (to) {
            case RUNNING -> {
                if (reconnecting.resolved()) {
                    log.info("camera {}: running again, after {} and {} failure(s){}", id, LastingProblem.describe(reconnecting.lasted()),
                            reconnecting.failures(), what);
                } else {
                    log.info("camera {}: running{}", id, what);
                }
            }
            case RECONNECTING -> log.warn("camera {}: {} -> reconnecting: {}{}", id, word(from), detail,
                    note.isEmpty() ? "" : "; " + note);
            case FAILED -> log.error("camera {}: failed and is stopped: {}", id, detail);
            case FINISHED -> log.info("camera {}: finished{}", id, what);
            case STOPPED -> log.info("camera {}: stopped{}", id, detail.isEmpty() ? "" : ": " + detail);
            default -> log.info("camera {}: {}", id, word(to));
        }
    }

    private static String word(CameraState s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    private void publish(CameraState current) {
        stateGauges.forEach((s, gauge) -> gauge.set(s == current ? 1 : 0));
    }
}
