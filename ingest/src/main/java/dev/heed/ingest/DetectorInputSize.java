package dev.heed.ingest;

import dev.heed.ingest.detect.DetectorSettings;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** {@code --detector-input-size auto|PIXELS}: "auto" is {@link DetectorSettings#AUTO_INPUT_SIZE}. */
public final class DetectorInputSize implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("auto")) {
            return DetectorSettings.AUTO_INPUT_SIZE;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be auto or a number of pixels, got '" + value + "'");
        }
    }

    /** "auto" or the number, for messages and reports. */
    public static String describe(int size) {
        return size == DetectorSettings.AUTO_INPUT_SIZE ? "auto" : Integer.toString(size);
    }
}
