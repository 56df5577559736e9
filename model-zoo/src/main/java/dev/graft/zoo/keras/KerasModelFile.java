package dev.graft.zoo.keras;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Keras model as read from .h5 / .keras / TF.js model.json: its config and its weights by layer.
 *
 * @param file the file read (the {@code model.json}, {@code .h5} or {@code .keras})
 * @param format {@code "h5"}, {@code "keras"}, {@code "tfjs"} or {@code "h5-weights"}
 * @param kerasVersion the Keras version that wrote it, or {@code null} if the file does not say
 * @param modelConfig {@code {"class_name": .., "config": ..}}; {@code null} for weights-only files
 * @param weightsByLayer layer name to its weights in the file's own order (see {@link KerasLayerKeys}
 *     for layers of nested models)
 */
public record KerasModelFile(Path file, String format, String kerasVersion, JsonNode modelConfig,
        Map<String, List<KerasWeight>> weightsByLayer) {

    /**
     * The number of weight tensors in the file.
     *
     * @return the sum over layers
     */
    public int weightCount() {
        return weightsByLayer.values().stream().mapToInt(List::size).sum();
    }
}
