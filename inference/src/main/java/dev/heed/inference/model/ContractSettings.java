package dev.heed.inference.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of a pose model's contract that may be given explicitly, each null when not given: input size,
 * channel order, normalisation, bin layout, and which output to read. They come from configuration (flags)
 * and from the model file's own ONNX metadata (keys {@code heed.*}, see {@link #fromMetadata}); configuration
 * wins over metadata, metadata over the input shape and Hopenet's defaults ({@link #resolve}).
 *
 * @param inputSize     side of the square input, pixels
 * @param channelOrder  order of the colour planes
 * @param pixelScale    factor on the 0..255 pixel before the mean is subtracted
 * @param mean          per plane, in channel order
 * @param std           per plane, in channel order
 * @param bins          bins per angle head
 * @param binWidthDeg   width of one bin, degrees
 * @param binOffsetDeg  angle of bin 0, degrees
 * @param output        logits heads or a degrees output
 * @param degreesOutput name of the [N, 3] degrees output
 */
public record ContractSettings(Integer inputSize, ChannelOrder channelOrder, Float pixelScale, List<Float> mean, List<Float> std,
                               Integer bins, Double binWidthDeg, Double binOffsetDeg, ModelOutput output, String degreesOutput) {
    public static final ContractSettings NONE = new ContractSettings(null, null, null, null, null, null, null, null, null, null);

    public static final String KEY_INPUT_SIZE = "heed.input_size";
    public static final String KEY_CHANNEL_ORDER = "heed.channel_order";
    public static final String KEY_PIXEL_SCALE = "heed.pixel_scale";
    public static final String KEY_MEAN = "heed.mean";
    public static final String KEY_STD = "heed.std";
    public static final String KEY_BINS = "heed.bins";
    public static final String KEY_BIN_WIDTH = "heed.bin_width_deg";
    public static final String KEY_BIN_OFFSET = "heed.bin_offset_deg";
    public static final String KEY_OUTPUT = "heed.output";
    public static final String KEY_DEGREES_OUTPUT = "heed.degrees_output";

    public static final String DEFAULT_DEGREES_OUTPUT = "ypr_deg";

    public ContractSettings {
        if (inputSize != null && (inputSize < 8 || inputSize > 2048)) {
            throw new IllegalArgumentException("--input-size must be 8-2048 pixels, got " + inputSize);
        }
        if (pixelScale != null && !(pixelScale > 0 && Float.isFinite(pixelScale))) {
            throw new IllegalArgumentException("--pixel-scale must be positive, got " + pixelScale);
        }
        if (mean != null) {
            mean = threeFinite("--mean", mean);
        }
        if (std != null) {
            std = threeFinite("--std", std);
            for (float s : std) {
                if (!(s > 0)) {
                    throw new IllegalArgumentException("--std values must be positive, got " + std);
                }
            }
        }
        if (bins != null && (bins < 2 || bins > 10_000)) {
            throw new IllegalArgumentException("--bins must be 2-10000, got " + bins);
        }
        if (binWidthDeg != null && !(binWidthDeg > 0 && Double.isFinite(binWidthDeg))) {
            throw new IllegalArgumentException("--bin-width-deg must be positive, got " + binWidthDeg);
        }
        if (binOffsetDeg != null && !Double.isFinite(binOffsetDeg)) {
            throw new IllegalArgumentException("--bin-offset-deg must be finite, got " + binOffsetDeg);
        }
        if (degreesOutput != null && degreesOutput.isBlank()) {
            throw new IllegalArgumentException("--degrees-output must not be blank");
        }
    }

    private static List<Float> threeFinite(String flag, List<Float> values) {
        if (values.size() != 3 || values.stream().anyMatch(v -> v == null || !Float.isFinite(v))) {
            throw new IllegalArgumentException(flag + " needs three finite values (one per plane), got " + values);
        }
        return List.copyOf(values);
    }

    /**
     * The settings an ONNX model declares in its custom metadata, e.g. {@code heed.input_size=224},
     * {@code heed.channel_order=RGB}, {@code heed.mean=0.485,0.456,0.406}, {@code heed.bins=66},
     * {@code heed.output=logits}. Keys outside {@code heed.*} are ignored.
     *
     * @throws IllegalArgumentException naming the key whose value cannot be read
     */
    public static ContractSettings fromMetadata(Map<String, String> metadata) {
        try {
            return new ContractSettings(
                    parse(metadata, KEY_INPUT_SIZE, Integer::valueOf),
                    parse(metadata, KEY_CHANNEL_ORDER, v -> ChannelOrder.valueOf(v.toUpperCase(Locale.ROOT))),
                    parse(metadata, KEY_PIXEL_SCALE, Float::valueOf),
                    parse(metadata, KEY_MEAN, ContractSettings::floats),
                    parse(metadata, KEY_STD, ContractSettings::floats),
                    parse(metadata, KEY_BINS, Integer::valueOf),
                    parse(metadata, KEY_BIN_WIDTH, Double::valueOf),
                    parse(metadata, KEY_BIN_OFFSET, Double::valueOf),
                    parse(metadata, KEY_OUTPUT, v -> ModelOutput.valueOf(v.toUpperCase(Locale.ROOT))),
                    parse(metadata, KEY_DEGREES_OUTPUT, v -> v));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model metadata: " + e.getMessage(), e);
        }
    }

    private interface Parser<T> {
        T parse(String value);
    }

    private static <T> T parse(Map<String, String> metadata, String key, Parser<T> parser) {
        String value = metadata.get(key);
        if (value == null) {
            return null;
        }
        try {
            return parser.parse(value.strip());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " = '" + value + "' cannot be read: " + e.getMessage(), e);
        }
    }

    /** "0.485,0.456,0.406" -> three floats. */
    public static List<Float> floats(String commaSeparated) {
        List<Float> out = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            out.add(Float.valueOf(part.strip()));
        }
        return out;
    }

    /** These settings where given, the fallback's elsewhere. */
    public ContractSettings over(ContractSettings fallback) {
        return new ContractSettings(
                inputSize != null ? inputSize : fallback.inputSize,
                channelOrder != null ? channelOrder : fallback.channelOrder,
                pixelScale != null ? pixelScale : fallback.pixelScale,
                mean != null ? mean : fallback.mean,
                std != null ? std : fallback.std,
                bins != null ? bins : fallback.bins,
                binWidthDeg != null ? binWidthDeg : fallback.binWidthDeg,
                binOffsetDeg != null ? binOffsetDeg : fallback.binOffsetDeg,
                output != null ? output : fallback.output,
                degreesOutput != null ? degreesOutput : fallback.degreesOutput);
    }

    /** The input contract: what is set here, else the size from the model's input shape (if fixed), else Hopenet's. */
    public ModelContract inputContract(int sizeFromShape) {
        ModelContract h = ModelContract.HOPENET;
        int size = inputSize != null ? inputSize : sizeFromShape > 0 ? sizeFromShape : h.inputSize();
        return new ModelContract(size, channelOrder != null ? channelOrder : h.channelOrder(),
                pixelScale != null ? pixelScale : h.pixelScale(), mean != null ? mean : h.mean(), std != null ? std : h.std());
    }

    /** The bin layout: what is set here, else Hopenet's 66 bins of 3 degrees from -99. */
    public BinDecoder binDecoder() {
        return new BinDecoder(bins != null ? bins : BinDecoder.HOPENET.bins(),
                binWidthDeg != null ? binWidthDeg : BinDecoder.HOPENET.binWidthDeg(),
                binOffsetDeg != null ? binOffsetDeg : BinDecoder.HOPENET.offsetDeg());
    }

    public String degreesOutputName() {
        return degreesOutput != null ? degreesOutput : DEFAULT_DEGREES_OUTPUT;
    }
}
