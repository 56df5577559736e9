package dev.graft.zoo.keras;

import ai.djl.ndarray.types.Shape;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.onnx.OnnxNodeGraph;
import dev.graft.zoo.weights.WeightImportException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Keras model rebuilt for Graft: its config flattened into one graph ({@link KerasGraphParser}),
 * each layer lowered to ONNX nodes ({@link KerasLowering}) with the file's weights converted to
 * Graft's channels-first layouts, ready to build as trainable segments ({@link OnnxNodeGraph}).
 * A model with several outputs is rebuilt up to one of them.
 *
 * @param file the model file
 * @param calls the layers the chosen output depends on, in graph order
 * @param output the chosen output's layer
 * @param inputShape the input's shape in Graft's layout (channels first for maps), batch first,
 *     {@code -1} where the model leaves it open
 * @param nodes the lowered graph
 */
public record KerasGraph(KerasModelFile file, List<KerasLayerCall> calls, String output, long[] inputShape, OnnxNodeGraph nodes) {

    /**
     * Rebuilds a model up to its first output.
     *
     * @param file the model file, with its config
     * @return the graph
     * @throws WeightImportException naming the layer Graft cannot rebuild or whose weights do not fit
     */
    public static KerasGraph of(KerasModelFile file) throws WeightImportException {
        return of(file, 0);
    }

    /**
     * Rebuilds a model up to one of its outputs.
     *
     * @param file the model file, with its config
     * @param outputIndex which output, in the model's {@code output_layers} order
     * @return the graph
     * @throws WeightImportException naming the layer Graft cannot rebuild or whose weights do not fit
     */
    public static KerasGraph of(KerasModelFile file, int outputIndex) throws WeightImportException {
        String origin = file.file().toString();
        KerasGraphParser.Parsed parsed = KerasGraphParser.parse(file.modelConfig(), origin);
        if (outputIndex < 0 || outputIndex >= parsed.outputs().size()) {
            throw new IllegalArgumentException(origin + " has " + parsed.outputs().size() + " outputs, not " + (outputIndex + 1) + ".");
        }
        String output = parsed.outputs().get(outputIndex);
        List<KerasLayerCall> needed = ancestors(parsed.calls(), output);
        boolean keras3 = file.kerasVersion() != null && file.kerasVersion().startsWith("3");
        KerasLowering lowering = new KerasLowering(origin, file.weightsByLayer(), keras3);
        lowering.input(parsed.input(), parsed.inputShape().length);
        for (KerasLayerCall call : needed) {
            if (!call.className().equals("InputLayer")) {
                lowering.lower(call);
            }
        }
        if (lowering.nodes().isEmpty()) {
            throw new WeightImportException(origin + ": the model has no layers after its input.");
        }
        OnnxNodeGraph nodes = new OnnxNodeGraph(origin, lowering.nodes(), lowering.initializers(), parsed.input(), List.of(output));
        try {
            nodes.check();
        } catch (IllegalArgumentException e) {
            throw new WeightImportException(e.getMessage(), e);
        }
        return new KerasGraph(file, needed, output, channelsFirst(parsed.inputShape()), nodes);
    }

    /** The calls an output depends on, in graph order. */
    private static List<KerasLayerCall> ancestors(List<KerasLayerCall> calls, String output) {
        Map<String, KerasLayerCall> byName = new HashMap<>();
        calls.forEach(c -> byName.put(c.name(), c));
        Set<String> needed = new HashSet<>();
        List<String> todo = new ArrayList<>(List.of(output));
        while (!todo.isEmpty()) {
            String name = todo.remove(todo.size() - 1);
            if (needed.add(name)) {
                todo.addAll(byName.get(name).inputs());
            }
        }
        return calls.stream().filter(c -> needed.contains(c.name())).toList();
    }

    /** Keras {@code [b, d1, …, dk, c]} → Graft {@code [b, c, d1, …, dk]} for maps (rank 4 and more). */
    private static long[] channelsFirst(long[] keras) {
        if (keras.length < 4) {
            return keras.clone();
        }
        long[] out = new long[keras.length];
        out[0] = keras[0];
        out[1] = keras[keras.length - 1];
        System.arraycopy(keras, 1, out, 2, keras.length - 2);
        return out;
    }

    /**
     * Builds the network: one trainable segment per stretch between single-tensor points.
     *
     * @return the network, its weights starting from the file's
     */
    public NamedSequential build() {
        return nodes.build();
    }

    /**
     * The input shape for a batch, with open sizes (Keras's {@code None}) set.
     *
     * @param batch the batch size
     * @param side the size of each open spatial axis
     * @return the shape
     */
    public Shape inputShape(long batch, long side) {
        long[] dims = inputShape.clone();
        dims[0] = batch;
        for (int i = 1; i < dims.length; i++) {
            if (dims[i] < 0) {
                dims[i] = i == 1 && dims.length >= 4 ? 3 : side;
            }
        }
        return new Shape(dims);
    }
}
