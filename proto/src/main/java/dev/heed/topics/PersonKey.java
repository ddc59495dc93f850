package dev.heed.topics;

import java.util.regex.Pattern;

/**
 * The record key of everything about one person: {@code "<camera_id>/<track_id>"}. Keying by person keeps
 * each person's records in order on one partition.
 */
public record PersonKey(String cameraId, long trackId) {
    /** Camera ids are restricted so that keys, metric labels and file names need no escaping. */
    public static final Pattern CAMERA_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public PersonKey {
        requireValidCameraId(cameraId);
        if (trackId < 0) {
            throw new IllegalArgumentException("track id must be >= 0, got " + trackId);
        }
    }

    public static void requireValidCameraId(String cameraId) {
        if (cameraId == null || !CAMERA_ID.matcher(cameraId).matches()) {
            throw new IllegalArgumentException("camera id must match " + CAMERA_ID.pattern() + ", got '" + cameraId + "'");
        }
    }

    public static PersonKey parse(String key) {
        int slash = key == null ? -1 : key.lastIndexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("not a person key (<camera>/<track>): '" + key + "'");
        }
        try {
            return new PersonKey(key.substring(0, slash), Long.parseLong(key.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a person key (<camera>/<track>): '" + key + "'", e);
        }
    }

    @Override
    public String toString() {
        return cameraId + "/" + trackId;
    }
}
