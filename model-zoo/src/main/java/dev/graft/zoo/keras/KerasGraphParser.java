package dev.graft.zoo.keras;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graft.zoo.weights.WeightImportException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Keras model config into one flat graph of {@link KerasLayerCall}s: Sequential models
 * (Keras 1's list of layers, Keras 2 and 3's {@code layers}), Functional models ({@code Model} /
 * {@code Functional}; Keras 2's {@code inbound_nodes} {@code [[[name, node, tensor, kwargs]]]} and
 * Keras 3's {@code args} with {@code keras_history}), and models nested in one another, whose
 * layers join the outer graph. A layer applied more than once (shared weights) is refused.
 */
final class KerasGraphParser {

    private static final Set<String> MODEL_CLASSES = Set.of("Sequential", "Model", "Functional");

    private final String origin;
    private final List<KerasLayerCall> calls = new ArrayList<>();
    private final Set<String> taken = new HashSet<>();
    private Shape inputShape;

    /** A tensor's Keras shape (batch first, {@code -1} unknown) as the input layer declares it. */
    record Shape(long[] dims) { }

    private KerasGraphParser(String origin) {
        this.origin = origin;
    }

    /**
     * The flattened graph of a model config.
     *
     * @param calls every layer call, inputs before their readers; the model's input layer first
     * @param input the name of the model's input tensor
     * @param outputs the names of the model's output tensors
     * @param inputShape the input's Keras shape, batch first, {@code -1} where unknown
     */
    record Parsed(List<KerasLayerCall> calls, String input, List<String> outputs, long[] inputShape) { }

    /**
     * Parses a model config.
     *
     * @param modelConfig {@code {"class_name": .., "config": ..}}
     * @param origin the file, for messages
     * @return the flat graph
     * @throws WeightImportException naming what cannot be read
     */
    static Parsed parse(JsonNode modelConfig, String origin) throws WeightImportException {
        KerasGraphParser parser = new KerasGraphParser(origin);
        if (modelConfig == null || !MODEL_CLASSES.contains(modelConfig.path("class_name").asText())) {
            throw new WeightImportException(origin + ": the model config is a "
                    + (modelConfig == null ? "missing" : "'" + modelConfig.path("class_name").asText() + "'")
                    + " model; Graft reads Sequential and Functional models. A weights-only file needs its architecture.");
        }
        List<String> outputs = parser.model(modelConfig, "", null);
        if (parser.inputShape == null) {
            throw new WeightImportException(origin + ": the model declares no input shape (no InputLayer or batch_input_shape).");
        }
        return new Parsed(List.copyOf(parser.calls), parser.calls.get(0).name(), outputs, parser.inputShape.dims());
    }

    /**
     * Adds a model's layers; returns its output tensors.
     *
     * @param prefix the nesting path, empty or ending in {@code /}
     * @param bound the outer tensor feeding the model's input, or {@code null} for the outermost model
     */
    private List<String> model(JsonNode model, String prefix, String bound) throws WeightImportException {
        String type = model.path("class_name").asText();
        JsonNode config = model.get("config");
        return type.equals("Sequential") ? sequential(config, prefix, bound) : functional(config, prefix, bound);
    }

    private List<String> sequential(JsonNode config, String prefix, String bound) throws WeightImportException {
        JsonNode layers = config.isArray() ? config : config.path("layers");
        String current = bound;
        for (JsonNode layer : layers) {
            String className = layer.path("class_name").asText();
            JsonNode layerConfig = layer.path("config");
            String name = layerConfig.path("name").asText(layer.path("name").asText());
            if (current == null) {
                current = input(prefix, className.equals("InputLayer") ? name : name + "_input", declaredShape(layerConfig,
                        config.path("build_config").path("input_shape")));
                if (className.equals("InputLayer")) {
                    continue;
                }
            } else if (className.equals("InputLayer")) {
                continue;
            }
            current = layerCall(layer, className, name, prefix, List.of(current)).get(0);
        }
        return List.of(current);
    }

    private List<String> functional(JsonNode config, String prefix, String bound) throws WeightImportException {
        Map<String, String> tensors = new HashMap<>();
        Map<String, JsonNode> pending = new LinkedHashMap<>();
        for (JsonNode layer : config.path("layers")) {
            String name = layer.path("name").asText(layer.path("config").path("name").asText());
            if (layer.path("class_name").asText().equals("InputLayer")) {
                String tensor = bound != null ? bound : input(prefix, name, declaredShape(layer.path("config"), null));
                tensors.put(name, tensor);
            } else {
                pending.put(name, layer);
            }
        }
        // layers in an order where each one's inputs exist (configs are usually ordered so already)
        boolean progress = true;
        while (!pending.isEmpty() && progress) {
            progress = false;
            for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                List<String> inbound = inbound(entry.getValue(), entry.getKey());
                if (tensors.keySet().containsAll(inbound)) {
                    List<String> in = inbound.stream().map(tensors::get).toList();
                    JsonNode layer = entry.getValue();
                    tensors.put(entry.getKey(), layerCall(layer, layer.path("class_name").asText(), entry.getKey(), prefix, in).get(0));
                    it.remove();
                    progress = true;
                }
            }
        }
        if (!pending.isEmpty()) {
            String name = pending.keySet().iterator().next();
            throw new WeightImportException(origin + ": layer '" + prefix + name + "' reads tensors no layer makes: "
                    + inbound(pending.get(name), name) + ".");
        }
        List<String> outputs = new ArrayList<>();
        for (String name : endpoints(config.path("output_layers"))) {
            if (!tensors.containsKey(name)) {
                throw new WeightImportException(origin + ": output layer '" + prefix + name + "' is not in the model.");
            }
            outputs.add(tensors.get(name));
        }
        return outputs;
    }

    /** The names of {@code input_layers} / {@code output_layers}: {@code [[name, 0, 0], …]} or Keras 3's single {@code [name, 0, 0]}. */
    private static List<String> endpoints(JsonNode list) {
        if (list.isArray() && list.size() > 0 && list.get(0).isTextual()) {
            return List.of(list.get(0).asText());
        }
        List<String> names = new ArrayList<>();
        list.forEach(e -> names.add(e.get(0).asText()));
        return names;
    }

    /** The layers a functional layer reads, from Keras 2's nested lists or Keras 3's {@code keras_history}. */
    private List<String> inbound(JsonNode layer, String name) throws WeightImportException {
        JsonNode nodes = layer.path("inbound_nodes");
        if (nodes.size() > 1) {
            throw new WeightImportException(origin + ": layer '" + name + "' (" + layer.path("class_name").asText() + ") is applied "
                    + nodes.size() + " times with shared weights, which Graft does not rebuild.");
        }
        List<String> names = new ArrayList<>();
        if (nodes.size() == 1) {
            collectInbound(nodes.get(0), names);
        }
        return names;
    }

    private static void collectInbound(JsonNode node, List<String> names) {
        if (node.has("keras_history")) {
            names.add(node.get("keras_history").get(0).asText());
        } else if (node.isArray() && node.size() >= 3 && node.get(0).isTextual() && node.get(1).isNumber()) {
            names.add(node.get(0).asText());
        } else if (node.isObject()) {
            // Keras 3: {"args": [...], "kwargs": {...}}; a tensor is {"class_name": "__keras_tensor__", "config": {"keras_history": ..}}
            if (node.has("config") && node.get("config").has("keras_history")) {
                collectInbound(node.get("config"), names);
            } else {
                collectInbound(node.path("args"), names);
            }
        } else if (node.isArray()) {
            node.forEach(n -> collectInbound(n, names));
        }
    }

    /** Adds one layer call (or, for a nested model, its layers); returns its output tensors. */
    private List<String> layerCall(JsonNode layer, String className, String name, String prefix, List<String> inputs)
            throws WeightImportException {
        if (MODEL_CLASSES.contains(className)) {
            List<String> outputs = model(layer, prefix + name + "/", single(inputs, name, className));
            if (outputs.size() != 1) {
                throw new WeightImportException(origin + ": nested model '" + prefix + name + "' has " + outputs.size()
                        + " outputs; Graft flattens nested models with one output.");
            }
            return outputs;
        }
        String path = prefix + name;
        String unique = taken.contains(name) ? path : name;
        if (!taken.add(unique)) {
            throw new WeightImportException(origin + ": two layers are named '" + unique + "'.");
        }
        calls.add(new KerasLayerCall(unique, path, className, layer.path("config"), inputs, calls.size()));
        return List.of(unique);
    }

    private String single(List<String> inputs, String name, String className) throws WeightImportException {
        if (inputs.size() != 1) {
            throw new WeightImportException(origin + ": nested model '" + name + "' (" + className + ") reads " + inputs.size()
                    + " tensors; Graft flattens nested models with one input.");
        }
        return inputs.get(0);
    }

    /** Adds the outermost model's input layer; a nested model's input is bound to the outer tensor instead. */
    private String input(String prefix, String name, long[] shape) throws WeightImportException {
        if (inputShape != null) {
            throw new WeightImportException(origin + ": the model has more than one input ('" + prefix + name
                    + "'); Graft rebuilds single-input models.");
        }
        if (shape == null) {
            throw new WeightImportException(origin + ": input '" + prefix + name + "' declares no shape.");
        }
        inputShape = new Shape(shape);
        taken.add(name);
        calls.add(new KerasLayerCall(name, prefix + name, "InputLayer", com.fasterxml.jackson.databind.node.NullNode.getInstance(),
                List.of(), calls.size()));
        return name;
    }

    /** {@code batch_input_shape} (Keras 1, 2), {@code batch_shape} (Keras 3) or a build config's {@code input_shape}. */
    private static long[] declaredShape(JsonNode config, JsonNode buildShape) {
        for (JsonNode shape : new JsonNode[] {config.get("batch_input_shape"), config.get("batch_shape"), buildShape}) {
            if (shape != null && shape.isArray() && shape.size() > 0) {
                long[] dims = new long[shape.size()];
                for (int i = 0; i < dims.length; i++) {
                    dims[i] = shape.get(i).isNumber() ? shape.get(i).asLong() : -1;
                }
                return dims;
            }
        }
        return null;
    }
}
