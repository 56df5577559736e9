package dev.graft.zoo.keras;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups weights by the layer that owns them, keyed by the <b>innermost</b> layer name: a weight
 * of layer {@code Conv1} inside nested model {@code mobilenetv2_1.00_224} (path {@code
 * mobilenetv2_1.00_224/Conv1}) is keyed {@code Conv1}, the name the layer has in its own model's
 * config. Keras names layers uniquely within one model, but two nested models may each hold a
 * layer of the same name: the first layer path to claim a name keeps it, and each later path with
 * that innermost name is keyed by its full path ({@code outer/inner}) instead. Layers stay in the
 * order their first weight arrives, weights in the file's order; layers without weights have no
 * entry.
 */
final class KerasLayerKeys {

    private final Map<String, List<KerasWeight>> byKey = new LinkedHashMap<>();
    private final Map<String, String> keyOfPath = new HashMap<>();

    /**
     * Adds one weight.
     *
     * @param layerPath the owning layer, its nested models first, separated by {@code /}
     * @param weight the weight
     */
    void add(String layerPath, KerasWeight weight) {
        String key = keyOfPath.computeIfAbsent(layerPath, path -> {
            String inner = path.substring(path.lastIndexOf('/') + 1);
            return byKey.containsKey(inner) ? path : inner;
        });
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(weight);
    }

    /**
     * The grouped weights.
     *
     * @return layer key to weights, unmodifiable
     */
    Map<String, List<KerasWeight>> result() {
        Map<String, List<KerasWeight>> out = new LinkedHashMap<>();
        byKey.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(out);
    }
}
