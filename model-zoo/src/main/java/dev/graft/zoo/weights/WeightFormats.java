package dev.graft.zoo.weights;

import dev.graft.datasets.registry.Registry;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The weight formats Graft reads: the built-in ones below, one line each, plus those of every
 * {@link WeightFormatProvider} on the class path. A file goes to the format claiming its ending.
 */
public final class WeightFormats {

    /** The shared registry: the built-in formats below, then the service-loaded ones; plug-ins may add to it. */
    public static final Registry<WeightFormat> REGISTRY = new Registry<WeightFormat>("weight format")
            .register("safetensors", new SafetensorsReader())
            .register("pytorch", new TorchArchiveReader())
            .register("onnx", new OnnxWeightsReader())
            .load(WeightFormatProvider.class);

    private WeightFormats() {}

    /**
     * Finds the format of a file by its name's ending; the longest matching ending wins.
     *
     * @param formats the formats
     * @param file the file
     * @return the format, or empty when no format claims the ending
     */
    public static Optional<WeightFormat> forFile(Registry<WeightFormat> formats, Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        WeightFormat best = null;
        int longest = 0;
        for (WeightFormat format : formats.entries().values()) {
            for (String ending : format.extensions()) {
                if (name.endsWith(ending) && ending.length() > longest) {
                    best = format;
                    longest = ending.length();
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Lists the formats and their endings, for messages and help.
     *
     * @param formats the formats
     * @return e.g. {@code safetensors (.safetensors), pytorch (.pth, .pt, .bin, .ckpt), onnx (.onnx)}
     */
    public static String describe(Registry<WeightFormat> formats) {
        return formats.entries().entrySet().stream()
                .map(e -> e.getKey() + " (" + String.join(", ", e.getValue().extensions()) + ")")
                .collect(Collectors.joining(", "));
    }
}
