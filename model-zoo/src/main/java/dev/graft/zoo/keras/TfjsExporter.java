package dev.graft.zoo.keras;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a Graft classifier as a TensorFlow.js layers model (a Keras functional model in
 * channels-last layout), walking its block graph: each block is written by the {@link
 * KerasLayerExport} registered for its type in {@link KerasLayerExports}. Layers take the
 * torchvision module names. The input is {@code input}, {@code [batch, H, W, 3]}; when asked, the
 * normalisation comes first as layer {@code normalize}, a 1×1 {@code DepthwiseConv2D} computing
 * {@code x / std − mean / std} per channel (TensorFlow.js 4.22 has no {@code Normalization} layer,
 * and its {@code Rescaling} takes one number for all channels). The output is {@code
 * probabilities}, the softmax of the logits.
 */
public final class TfjsExporter {

    /** The name of the input layer. */
    public static final String INPUT = "input";

    /** The name of the normalisation layer. */
    public static final String NORMALIZE = "normalize";

    /** The name of the output layer. */
    public static final String OUTPUT = "probabilities";

    private final ObjectMapper json = new ObjectMapper();
    private final ArrayNode layers = json.createArrayNode();
    private final Set<String> names = new HashSet<>();
    private final List<TfjsLayersModel.Weight> weights = new ArrayList<>();
    private final Map<String, KerasLayerExport> exports = KerasLayerExports.REGISTRY.entries();
    private final KerasExportContext context = new Context();

    private TfjsExporter() {}

    /**
     * What to write.
     *
     * @param imageSize the input side
     * @param mean per-channel mean subtracted inside the model, or {@code null} when the caller normalises
     * @param std per-channel standard deviation divided inside the model, or {@code null}
     */
    public record Options(int imageSize, float[] mean, float[] std) {
        /** Checks that mean and std come together, three each. */
        public Options {
            if ((mean == null) != (std == null) || mean != null && (mean.length != 3 || std.length != 3)) {
                throw new IllegalArgumentException("the normalisation needs three means and three standard deviations, or neither");
            }
        }
    }

    /**
     * Exports a classifier: one output, {@code probabilities}.
     *
     * @param network the initialised network, NCHW in, logits {@code [N, classes]} out (inference behaviour is written)
     * @param classes the number of classes
     * @param options what to write
     * @return the model
     * @throws UnsupportedOperationException naming a block that has no Keras mapping
     */
    public static TfjsLayersModel export(Block network, int classes, Options options) {
        TfjsExporter exporter = new TfjsExporter();
        KerasTensor x = exporter.input(options);
        KerasTensor logits = exporter.emit(network, "", x);
        if (!logits.shape().equals(new Shape(1, classes))) {
            throw new IllegalStateException("the network ends in " + logits.shape() + ", not [1, " + classes + "] logits");
        }
        ObjectNode softmax = exporter.context.config(OUTPUT).put("activation", "softmax");
        exporter.context.layer("Activation", softmax, List.of(logits), logits.shape(), true);
        return exporter.model();
    }

    private KerasTensor input(Options options) {
        int side = options.imageSize();
        ObjectNode config = json.createObjectNode();
        config.putArray("batch_input_shape").addNull().add(side).add(side).add(3);
        config.put("dtype", "float32").put("sparse", false).put("name", INPUT);
        names.add(INPUT);
        layers.addObject().put("name", INPUT).put("class_name", "InputLayer").<ObjectNode>set("config", config).putArray("inbound_nodes");
        KerasTensor x = new KerasTensor(INPUT, new Shape(1, 3, side, side), false);
        if (options.mean() == null) {
            return x;
        }
        float[] scale = new float[3];
        float[] shift = new float[3];
        for (int ch = 0; ch < 3; ch++) {
            scale[ch] = 1f / options.std()[ch];
            shift[ch] = -options.mean()[ch] / options.std()[ch];
        }
        ObjectNode normalize = context.config(NORMALIZE);
        normalize.putArray("kernel_size").add(1).add(1);
        normalize.putArray("strides").add(1).add(1);
        normalize.put("padding", "valid").put("data_format", "channels_last");
        normalize.putArray("dilation_rate").add(1).add(1);
        normalize.put("depth_multiplier", 1).put("activation", "linear").put("use_bias", true);
        return context.layer("DepthwiseConv2D", normalize, List.of(x), x.shape(), false,
                new KerasWeightValues("depthwise_kernel", new long[] {1, 1, 3, 1}, scale), new KerasWeightValues("bias", new long[] {3}, shift));
    }

    private TfjsLayersModel model() {
        ObjectNode topology = json.createObjectNode().put("class_name", "Model");
        ObjectNode config = topology.putObject("config").put("name", "graft");
        config.set("layers", layers);
        config.putArray("input_layers").addArray().add(INPUT).add(0).add(0);
        config.putArray("output_layers").addArray().add(OUTPUT).add(0).add(0);
        topology.put("keras_version", "tfjs-layers 4.22.0").put("backend", "tensor_flow.js");
        return new TfjsLayersModel(topology, List.copyOf(weights));
    }

    /** Writes a block through the one registered export that accepts it. */
    private KerasTensor emit(Block block, String name, KerasTensor x) {
        if (x.channelsLast() && !(block instanceof dev.graft.zoo.onnx.OnnxSegment)) {
            throw new UnsupportedOperationException("cannot export " + block.getClass().getSimpleName() + " at '" + name
                    + "' to TensorFlow.js: it reads a channels-last transpose, which only a flatten may read; use --format onnx.");
        }
        List<String> accepting = exports.entrySet().stream().filter(e -> e.getValue().accepts(block)).map(Map.Entry::getKey).toList();
        if (accepting.size() != 1) {
            String what = block.getClass().getSimpleName() + " at '" + name + "'";
            throw accepting.isEmpty()
                    ? new UnsupportedOperationException("cannot export " + what + " to TensorFlow.js: it has no Keras layer mapping (the "
                            + KerasLayerExports.REGISTRY.kind() + "s registered are " + exports.keySet() + "); use --format onnx.")
                    : new IllegalStateException(what + " is accepted by several Keras layer exports, " + accepting
                            + "; a block type may be registered once.");
        }
        return exports.get(accepting.get(0)).write(block, name, x, context);
    }

    /** The model and the exporter, as layer exports see them. */
    private final class Context implements KerasExportContext {

        @Override
        public KerasTensor emit(Block block, String name, KerasTensor input) {
            return TfjsExporter.this.emit(block, name, input);
        }

        @Override
        public ObjectNode config(String name) {
            return json.createObjectNode().put("name", name).put("trainable", true);
        }

        @Override
        public KerasTensor layer(String className, ObjectNode config, List<KerasTensor> inputs, Shape shape, boolean nonNegative,
                KerasWeightValues... values) {
            String name = config.path("name").asText();
            if (!names.add(name)) {
                throw new IllegalStateException("two Keras layers are named '" + name + "'");
            }
            ObjectNode layer = layers.addObject().put("name", name).put("class_name", className);
            layer.set("config", config);
            ArrayNode node = layer.putArray("inbound_nodes").addArray();
            for (KerasTensor in : inputs) {
                node.addArray().add(in.layer()).add(0).add(0).addObject();
            }
            for (KerasWeightValues v : values) {
                weights.add(new TfjsLayersModel.Weight(name + "/" + v.name(), v.shape(), v.values()));
            }
            return new KerasTensor(name, shape, nonNegative);
        }

        @Override
        public float[] parameter(Block block, String djlName) {
            return block.getParameters().get(djlName).getArray().toFloatArray();
        }
    }
}
