package dev.graft.zoo.keras;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the layer list of a Keras model config in each of its forms: Keras 1 and Keras 2.0–2.1
 * Sequential ({@code "config": [layers]}), Keras 2.2+ Sequential and Functional / Model ({@code
 * "config": {"layers": [layers]}}). A layer is {@code {"class_name":..,"config":{"name":..}}},
 * Functional layers also carry {@code "name"} beside {@code class_name}.
 */
public final class KerasConfigs {

    private KerasConfigs() {}

    /**
     * The layers of a model config, in order.
     *
     * @param modelConfig {@code {"class_name":..,"config":..}}, or null
     * @return the layer nodes (empty for null)
     */
    public static List<JsonNode> layers(JsonNode modelConfig) {
        List<JsonNode> out = new ArrayList<>();
        if (modelConfig == null) {
            return out;
        }
        JsonNode config = modelConfig.path("config");
        JsonNode layers = config.isArray() ? config : config.path("layers");
        layers.forEach(out::add);
        return out;
    }

    /**
     * A layer's name.
     *
     * @param layer a layer node
     * @return {@code name}, or {@code config.name}
     */
    public static String name(JsonNode layer) {
        return layer.path("name").isTextual() ? layer.get("name").asText() : layer.path("config").path("name").asText();
    }

    /**
     * The top-level layers of a model config by name.
     *
     * @param modelConfig the config, or null
     * @return name to layer node, in order
     */
    public static Map<String, JsonNode> layersByName(JsonNode modelConfig) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode layer : layers(modelConfig)) {
            out.put(name(layer), layer);
        }
        return out;
    }
}
