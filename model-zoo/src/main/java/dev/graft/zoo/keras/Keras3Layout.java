package dev.graft.zoo.keras;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where Keras 3 keeps each layer's variables in a {@code .keras} archive's {@code model.weights.h5},
 * as {@code keras/src/saving/saving_lib.py} writes them: a model's layers (a Sequential's without
 * its leading InputLayer, a Functional's all of them, in config order) go under {@code layers/},
 * each addressed <b>not by its name</b> but by its class in snake case made unique in order
 * ({@code conv2d}, {@code conv2d_1}, {@code batch_normalization}, {@code re_lu}, ...); a layer's
 * variables are {@code <path>/vars/0..n} (trainable first, then non-trainable, in creation order);
 * a nested model's layers are under {@code <path>/layers/...}. The variables are unnamed, so their
 * names come from the layer class ({@link #variableNames}).
 */
public final class Keras3Layout {

    private static final Pattern NESTED = Pattern.compile("Model|Functional|Sequential");

    private Keras3Layout() {}

    /** One layer of a model and the h5 group path its variables live under. */
    record Entry(String path, JsonNode layer) {

        /** @return the layer's name */
        String name() {
            return KerasConfigs.name(layer);
        }

        /** @return its class name */
        String className() {
            return layer.path("class_name").asText();
        }

        /** @return whether the layer is itself a model, whose layers are under {@code path/layers} */
        boolean nested() {
            return isModel(className());
        }
    }

    /**
     * Tells whether a layer class is a model (whose weights are its layers' weights).
     *
     * @param className e.g. {@code Functional}
     * @return true for Model, Functional, Sequential
     */
    public static boolean isModel(String className) {
        return NESTED.matcher(className).matches();
    }

    /**
     * The layers of a model and their group paths below {@code prefix}.
     *
     * @param model a model config ({@code {"class_name":..,"config":{"layers":[..]}}})
     * @param prefix the model's own path ({@code ""} for the top model)
     * @return the entries in order
     */
    static List<Entry> entries(JsonNode model, String prefix) {
        List<JsonNode> layers = KerasConfigs.layers(model);
        if (model.path("class_name").asText().equals("Sequential") && !layers.isEmpty()
                && layers.get(0).path("class_name").asText().equals("InputLayer")) {
            layers = layers.subList(1, layers.size());
        }
        Map<String, Integer> used = new HashMap<>();
        List<Entry> out = new ArrayList<>();
        for (JsonNode layer : layers) {
            String name = uniqueName(snakeCase(layer.path("class_name").asText()), used);
            out.add(new Entry((prefix.isEmpty() ? "" : prefix + "/") + "layers/" + name, layer));
        }
        return out;
    }

    /**
     * Keras's {@code naming.to_snake_case}.
     *
     * @param name a class name, e.g. {@code DepthwiseConv2D}
     * @return e.g. {@code depthwise_conv2d}
     */
    public static String snakeCase(String name) {
        String s = name.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String uniqueName(String name, Map<String, Integer> used) {
        if (used.containsKey(name)) {
            int n = used.merge(name, 1, Integer::sum);
            return name + "_" + n;
        }
        used.put(name, 0);
        return name;
    }

    /**
     * The Keras 2 short names of a layer's variables in {@code vars/0..n} order: Conv / Dense
     * {@code kernel, bias}; DepthwiseConv {@code depthwise_kernel, bias} (Keras 3 calls it {@code
     * kernel}); SeparableConv {@code depthwise_kernel, pointwise_kernel, bias}; BatchNormalization
     * {@code gamma} (if {@code scale}), {@code beta} (if {@code center}), {@code moving_mean, moving_variance};
     * LayerNormalization {@code gamma, beta} as configured; PReLU {@code alpha}; Normalization
     * {@code mean, variance, count}; Embedding {@code embeddings}. Bias-free layers simply have fewer
     * variables. Other classes keep their indices as names.
     *
     * @param layer the layer's config node
     * @param count how many variables the file holds for it
     * @return the names, {@code count} long, or null if the class expects a different count
     */
    static List<String> variableNames(JsonNode layer, int count) {
        JsonNode config = layer.path("config");
        List<String> names = switch (layer.path("class_name").asText()) {
            case "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose", "Dense" -> List.of("kernel", "bias");
            case "DepthwiseConv1D", "DepthwiseConv2D" -> List.of("depthwise_kernel", "bias");
            case "SeparableConv1D", "SeparableConv2D" -> List.of("depthwise_kernel", "pointwise_kernel", "bias");
            case "BatchNormalization" -> {
                List<String> bn = new ArrayList<>();
                if (config.path("scale").asBoolean(true)) {
                    bn.add("gamma");
                }
                if (config.path("center").asBoolean(true)) {
                    bn.add("beta");
                }
                bn.add("moving_mean");
                bn.add("moving_variance");
                yield bn;
            }
            case "LayerNormalization" -> {
                List<String> ln = new ArrayList<>();
                if (config.path("scale").asBoolean(true) || config.path("rms_scaling").asBoolean(false)) {
                    ln.add("gamma");
                }
                if (config.path("center").asBoolean(true) && !config.path("rms_scaling").asBoolean(false)) {
                    ln.add("beta");
                }
                yield ln;
            }
            case "PReLU" -> List.of("alpha");
            case "Normalization" -> List.of("mean", "variance", "count");
            case "Embedding" -> List.of("embeddings");
            default -> null;
        };
        if (names == null) {
            List<String> indices = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                indices.add(Integer.toString(i));
            }
            return indices;
        }
        boolean biasFree = names.get(names.size() - 1).equals("bias") && count == names.size() - 1;
        if (count == names.size() || biasFree) {
            return names.subList(0, count);
        }
        return null;
    }

    /**
     * Every weight-holding layer of a model, depth first, with its group path and the key it is
     * read under (the innermost name; see {@link KerasLayerKeys}).
     *
     * @param model the top model config
     * @return layer path (names joined by {@code /}) to entry, in order
     */
    static Map<String, Entry> leaves(JsonNode model) {
        Map<String, Entry> out = new LinkedHashMap<>();
        collect(model, "", "", out);
        return out;
    }

    private static void collect(JsonNode model, String prefix, String namePrefix, Map<String, Entry> out) {
        for (Entry entry : entries(model, prefix)) {
            String layerPath = namePrefix + entry.name();
            if (entry.nested()) {
                collect(entry.layer(), entry.path(), layerPath + "/", out);
            } else {
                out.put(layerPath, entry);
            }
        }
    }
}
