package dev.graft.zoo.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.graft.zoo.onnx.proto.Onnx;
import java.util.List;
import java.util.Map;

/**
 * Writes a Graft network as an ONNX model, walking its block graph: each block is written by the
 * {@link BlockExport} registered for its type in {@link BlockExports} (named sequences, residual
 * units, Fire modules, squeeze-and-excitation, convolutions, BatchNorm, ReLU / ReLU6 / SiLU / hard
 * sigmoid / hard swish / sigmoid, pooling, linear layers, dropout as
 * the identity at inference, and segments imported from ONNX files, whose nodes are written back
 * with the weights they hold now). Initializers take the torchvision parameter names. The input has a
 * dynamic batch dimension; a classifier's outputs are the logits and their softmax, a feature
 * extractor's the embedding.
 */
public final class OnnxExporter {

    /** The lowest opset the written operators need (Clip with min/max inputs, optional Gemm bias). */
    public static final int MIN_OPSET = 11;

    private final OnnxGraph graph = new OnnxGraph("graft");
    private final Map<String, BlockExport> exports = BlockExports.REGISTRY.entries();
    private final OnnxExportContext context = new Context();

    private OnnxExporter() {}

    /**
     * What to write.
     *
     * @param imageSize the input side
     * @param mean per-channel mean subtracted inside the graph, or {@code null} when the caller normalises
     * @param std per-channel standard deviation divided inside the graph, or {@code null}
     * @param opset the ONNX opset version
     * @param producerVersion the Graft version
     * @param metadata key/value metadata properties
     */
    public record Options(int imageSize, float[] mean, float[] std, int opset, String producerVersion, Map<String, String> metadata) {
        /** Checks the opset. */
        public Options {
            if (opset < MIN_OPSET || opset > 21) {
                throw new IllegalArgumentException("--opset must be in [" + MIN_OPSET + ", 21], got " + opset);
            }
        }
    }

    /**
     * Exports a classifier: outputs {@code logits} and {@code probabilities}.
     *
     * @param network the initialised network (inference behaviour is written)
     * @param outputs the number of outputs (classes)
     * @param options what to write
     * @return the ONNX model
     * @throws UnsupportedOperationException naming a block the exporter does not know
     */
    public static Onnx.ModelProto export(Block network, int outputs, Options options) {
        return export(network, outputs, true, options);
    }

    /**
     * Exports a feature extractor: one output, {@code embedding}.
     *
     * @param network the initialised network, ending in a vector per image
     * @param width the embedding's length
     * @param options what to write
     * @return the ONNX model
     * @throws UnsupportedOperationException naming a block the exporter does not know
     */
    public static Onnx.ModelProto exportEmbedding(Block network, int width, Options options) {
        return export(network, width, false, options);
    }

    /**
     * Exports a multi-task network: one shared trunk, then per task its head, with outputs
     * {@code <task>.logits} and {@code <task>.probabilities}, or for a regression task one output
     * {@code <task>.value = mean + std · head}.
     *
     * @param trunk the shared trunk, initialised
     * @param heads each task's head (initialised), in output order
     * @param widths each task's class count (1 for a regression task)
     * @param regression the {@code {mean, std}} of each regression task's target, by task
     * @param options what to write
     * @return the ONNX model
     * @throws UnsupportedOperationException naming a block the exporter does not know
     */
    public static Onnx.ModelProto exportMultiTask(Block trunk, Map<String, Block> heads, Map<String, Integer> widths,
            Map<String, double[]> regression, Options options) {
        OnnxExporter exporter = new OnnxExporter();
        OnnxGraph g = exporter.graph;
        String features = exporter.emit(trunk, "", exporter.input(options));
        for (Map.Entry<String, Block> head : heads.entrySet()) {
            String task = head.getKey();
            String raw = exporter.emit(head.getValue(), "heads." + task, features);
            double[] target = regression.get(task);
            if (target != null) {
                String scaled = g.node("Mul", task + ".scale", List.of(raw, g.initializer(task + ".std", new float[] {(float) target[1]}, 1)));
                g.node("Add", task + ".value", List.of(scaled, g.initializer(task + ".mean", new float[] {(float) target[0]}, 1)));
                g.output(task + ".value", -1, 1);
                continue;
            }
            g.node("Identity", task + ".logits", List.of(raw));
            g.node("Softmax", task + ".probabilities", List.of(task + ".logits"), OnnxGraph.integer("axis", 1));
            g.output(task + ".logits", -1, widths.get(task));
            g.output(task + ".probabilities", -1, widths.get(task));
        }
        return exporter.model(options);
    }

    /**
     * Exports a classifier that reads a second input beside the image, as a head that joins encoded
     * metadata to the pooled image features: inputs {@code image} {@code [N, 3, H, W]} and {@code
     * metadata} {@code [N, D]} (float), outputs {@code logits} and {@code probabilities}. The image
     * goes through {@code imagePart}, is concatenated (axis 1) with the metadata, and the join goes
     * through {@code joinedPart}.
     *
     * @param imagePart the network up to the join (trunk, then the head's pooling), initialised
     * @param joinedPart the head's layers after the join, initialised
     * @param joinedName the dotted module name of {@code joinedPart}'s children, e.g. {@code head}
     * @param metadataWidth D
     * @param outputs the number of classes
     * @param options what to write
     * @return the ONNX model
     * @throws UnsupportedOperationException naming a block the exporter does not know
     */
    public static Onnx.ModelProto exportWithMetadata(Block imagePart, Block joinedPart, String joinedName, int metadataWidth,
            int outputs, Options options) {
        OnnxExporter exporter = new OnnxExporter();
        OnnxGraph g = exporter.graph;
        String features = exporter.emit(imagePart, "", exporter.input(options, "image"));
        g.input("metadata", -1, metadataWidth);
        String joined = g.node("Concat", "metadata.concat", List.of(features, "metadata"), OnnxGraph.integer("axis", 1));
        String last = exporter.emit(joinedPart, joinedName, joined);
        g.node("Identity", "logits", List.of(last));
        g.node("Softmax", "probabilities", List.of("logits"), OnnxGraph.integer("axis", 1));
        g.output("logits", -1, outputs);
        g.output("probabilities", -1, outputs);
        return exporter.model(options);
    }

    /** Declares the image input {@code input} and, when asked, the normalisation; returns the tensor to build on. */
    private String input(Options options) {
        return input(options, "input");
    }

    /** Declares the image input and, when asked, the normalisation; returns the tensor to build on. */
    private String input(Options options, String name) {
        graph.input(name, -1, 3, options.imageSize(), options.imageSize());
        if (options.mean() == null) {
            return name;
        }
        String x = graph.node("Sub", "normalize.sub", List.of(name, graph.initializer("normalize.mean", options.mean(), 1, 3, 1, 1)));
        return graph.node("Div", "normalize.div", List.of(x, graph.initializer("normalize.std", options.std(), 1, 3, 1, 1)));
    }

    private Onnx.ModelProto model(Options options) {
        Onnx.ModelProto.Builder model = Onnx.ModelProto.newBuilder().setIrVersion(options.opset() >= 21 ? 10 : 7)
                .setProducerName("graft").setProducerVersion(options.producerVersion()).setGraph(graph.build())
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(options.opset()));
        options.metadata().forEach((k, v) -> model.addMetadataProps(Onnx.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build();
    }

    private static Onnx.ModelProto export(Block network, int outputs, boolean classifier, Options options) {
        OnnxExporter exporter = new OnnxExporter();
        OnnxGraph g = exporter.graph;
        String last = exporter.emit(network, "", exporter.input(options));
        if (classifier) {
            g.node("Identity", "logits", List.of(last));
            g.node("Softmax", "probabilities", List.of("logits"), OnnxGraph.integer("axis", 1));
            g.output("logits", -1, outputs);
            g.output("probabilities", -1, outputs);
        } else {
            g.node("Identity", "embedding", List.of(last));
            g.output("embedding", -1, outputs);
        }
        return exporter.model(options);
    }

    /** Writes a block through the one registered export that accepts it. */
    private String emit(Block block, String name, String x) {
        List<String> accepting = exports.entrySet().stream().filter(e -> e.getValue().accepts(block)).map(Map.Entry::getKey).toList();
        if (accepting.size() != 1) {
            String what = block.getClass().getSimpleName() + " at '" + name + "'";
            throw accepting.isEmpty()
                    ? new UnsupportedOperationException("cannot export " + what + " to ONNX; the " + BlockExports.REGISTRY.kind()
                            + "s registered are " + exports.keySet() + " (add one through a BlockExportProvider).")
                    : new IllegalStateException(what + " is accepted by several ONNX block exports, " + accepting
                            + "; a block type may be registered once.");
        }
        return exports.get(accepting.get(0)).write(block, name, x, context);
    }

    /** The graph and the exporter, as block exports see them. */
    private final class Context implements OnnxExportContext {

        @Override
        public String emit(Block block, String name, String input) {
            return OnnxExporter.this.emit(block, name, input);
        }

        @Override
        public String node(String opType, String name, List<String> inputs, Onnx.AttributeProto... attributes) {
            return graph.node(opType, name, inputs, attributes);
        }

        @Override
        public String parameter(Block block, String djlName, String onnxName) {
            Parameter parameter = block.getParameters().get(djlName);
            NDArray array = parameter.getArray();
            return graph.initializer(onnxName, array);
        }

        @Override
        public String constant(String name, float[] values, long... dims) {
            return graph.initializer(name, values, dims);
        }

        @Override
        public String longConstant(String name, long[] values) {
            return graph.longInitializer(name, values);
        }
    }
}
