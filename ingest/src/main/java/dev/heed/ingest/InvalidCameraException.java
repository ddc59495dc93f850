package dev.heed.ingest;

/**
 * A camera setting is invalid. Knows which setting, so the message can name what the user wrote: the flag
 * ({@code --sample-fps}) for the single camera of the command line, the key ({@code camera.lobby.sample-fps})
 * for a camera of the cameras file.
 */
public final class InvalidCameraException extends IllegalArgumentException {
    /** The settings of a camera, by flag and by cameras-file key. */
    public enum Setting {
        ID("--camera-id", "id"),
        SOURCE("--source", "url"),
        SAMPLE_FPS("--sample-fps", "sample-fps"),
        ATTENTION_POLICY("--attention-policy", "attention-policy");

        private final String flag;
        private final String key;

        Setting(String flag, String key) {
            this.flag = flag;
            this.key = key;
        }

        public String flag() {
            return flag;
        }

        /** The key's last part in the cameras file: camera.&lt;id&gt;.&lt;key&gt;. */
        public String key() {
            return key;
        }
    }

    private final Setting setting;
    private final String reason;

    /** The message names the flag; {@link #reason()} is the rest, for naming the file key instead. */
    public InvalidCameraException(Setting setting, String reason) {
        super(setting.flag() + ": " + reason);
        this.setting = setting;
        this.reason = reason;
    }

    public Setting setting() {
        return setting;
    }

    public String reason() {
        return reason;
    }
}
