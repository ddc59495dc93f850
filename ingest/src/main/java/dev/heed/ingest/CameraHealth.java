package dev.heed.ingest;

import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import java.util.EnumMap;
import java.util.Map;

/**
 * The state of one camera, changed by its decoding thread, its processing thread and the stall monitor.
 * A terminal state is final; re-entering the current state keeps its start time (a stall noticed by the
 * monitor and then by the decoder is one stall, timed from the first). Each change sets the camera's
 * {@code heed_ingest_camera_state} gauges: 1 for the current state, 0 for the others.
 */
final class CameraHealth {
    private final Map<CameraState, GaugeDataPoint> stateGauges;
    private CameraStatus status = new CameraStatus(CameraState.STARTING, System.currentTimeMillis(), "", false);

    CameraHealth(Map<CameraState, GaugeDataPoint> stateGauges) {
        this.stateGauges = new EnumMap<>(stateGauges);
        publish(CameraState.STARTING);
    }

    synchronized CameraStatus status() {
        return status;
    }

    /** Moves to {@code state} unless the camera has already ended; returns whether the state changed. */
    synchronized boolean enter(CameraState state, String detail) {
        CameraState current = status.state();
        if (current.isTerminal()) {
            return false;
        }
        boolean started = status.started() || state == CameraState.RUNNING || state == CameraState.FINISHED;
        if (current == state) {
            status = new CameraStatus(state, status.sinceMs(), detail, started);
            return false;
        }
        status = new CameraStatus(state, System.currentTimeMillis(), detail, started);
        publish(state);
        return true;
    }

    private void publish(CameraState current) {
        stateGauges.forEach((s, gauge) -> gauge.set(s == current ? 1 : 0));
    }
}
