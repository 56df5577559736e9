package dev.graft.zoo.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import dev.graft.zoo.nn.Fire;
import dev.graft.zoo.nn.GlobalAveragePool;
import dev.graft.zoo.nn.Layers;
import dev.graft.zoo.nn.MaxPool;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.nn.Residual;
import dev.graft.zoo.onnx.proto.Onnx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a Graft network as an ONNX model, walking its block graph: named sequences, residual
 * units, Fire modules, convolutions, BatchNorm, ReLU / ReLU6, pooling, linear layers (dropout is
 * the identity at inference), and segments imported from ONNX files, whose nodes are written back
 * with the weights they hold now. Initializers take the torchvision parameter names. The input has a
 * dynamic batch dimension; a classifier's outputs are the logits and their softmax, a feature
 * extractor's the embedding.
 */
public final class OnnxExporter {

    /** The lowest opset the written operators need (Clip with min/max inputs, optional Gemm bias). */
    public static final int MIN_OPSET = 11;

    private final OnnxGraph graph = new OnnxGraph("graft");

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

    /** Declares the image input and, when asked, the normalisation; returns the tensor to build on. */
    private String input(Options options) {
        graph.input("input", -1, 3, options.imageSize(), options.imageSize());
        if (options.mean() == null) {
            return "input";
        }
        String x = graph.node("Sub", "normalize.sub", List.of("input", graph.initializer("normalize.mean", options.mean(), 1, 3, 1, 1)));
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

    private String emit(Block block, String name, String x) {
        if (block instanceof NamedSequential sequence) {
            for (String child : sequence.names()) {
                x = emit(sequence.child(child), join(name, child), x);
            }
            return x;
        }
        if (block instanceof Residual residual) {
            String body = x;
            for (String child : residual.bodyNames()) {
                body = emit(residual.getChildren().get(child), join(name, child), body);
            }
            String shortcut = residual.shortcut() == null ? x : emit(residual.shortcut(), join(name, "downsample"), x);
            String sum = graph.node("Add", join(name, "add"), List.of(body, shortcut));
            return residual.finalRelu() ? graph.node("Relu", join(name, "relu"), List.of(sum)) : sum;
        }
        if (block instanceof Fire fire) {
            String squeezed = relu(emit(fire.getChildren().get("squeeze"), join(name, "squeeze"), x), join(name, "squeeze_activation"));
            String a = relu(emit(fire.getChildren().get("expand1x1"), join(name, "expand1x1"), squeezed), join(name, "expand1x1_activation"));
            String b = relu(emit(fire.getChildren().get("expand3x3"), join(name, "expand3x3"), squeezed), join(name, "expand3x3_activation"));
            return graph.node("Concat", join(name, "concat"), List.of(a, b), OnnxGraph.integer("axis", 1));
        }
        if (block instanceof OnnxSegment segment) {
            return segment(segment, name, x);
        }
        if (block instanceof Convolution conv) {
            return convolution(conv, name, x);
        }
        if (block instanceof BatchNorm) {
            return graph.node("BatchNormalization", name, List.of(x, param(block, "gamma", name + ".weight"),
                    param(block, "beta", name + ".bias"), param(block, "runningMean", name + ".running_mean"),
                    param(block, "runningVar", name + ".running_var")), OnnxGraph.real("epsilon", Layers.BATCH_NORM_EPSILON));
        }
        if (block instanceof Linear) {
            List<String> inputs = new ArrayList<>(List.of(x, param(block, "weight", name + ".weight")));
            if (block.getParameters().contains("bias")) {
                inputs.add(param(block, "bias", name + ".bias"));
            }
            return graph.node("Gemm", name, inputs, OnnxGraph.integer("transB", 1));
        }
        if (block instanceof MaxPool pool) {
            long p = pool.padding();
            return graph.node("MaxPool", name, List.of(x), OnnxGraph.ints("kernel_shape", pool.kernel(), pool.kernel()),
                    OnnxGraph.ints("strides", pool.stride(), pool.stride()), OnnxGraph.ints("pads", p, p, p, p),
                    OnnxGraph.integer("ceil_mode", pool.ceil() ? 1 : 0));
        }
        if (block instanceof GlobalAveragePool) {
            String pooled = graph.node("GlobalAveragePool", name, List.of(x));
            return graph.node("Flatten", join(name, "flatten"), List.of(pooled), OnnxGraph.integer("axis", 1));
        }
        if (block instanceof Dropout) {
            return x;
        }
        if (block instanceof LambdaBlock lambda && lambda.getName().equals("ReLU")) {
            return relu(x, name);
        }
        if (block instanceof LambdaBlock lambda && lambda.getName().equals("ReLU6")) {
            return graph.node("Clip", name, List.of(x, graph.initializer(name + ".min", new float[] {0f}),
                    graph.initializer(name + ".max", new float[] {6f})));
        }
        throw new UnsupportedOperationException("cannot export " + block.getClass().getSimpleName()
                + (block instanceof LambdaBlock l ? " '" + l.getName() + "'" : "") + " at '" + name + "' to ONNX.");
    }

    /** Writes an imported segment's nodes back, with the weights its blocks hold now. */
    private String segment(OnnxSegment segment, String name, String x) {
        Map<String, String> renamed = new java.util.HashMap<>();
        String last = x;
        for (OnnxNode node : segment.nodes()) {
            List<String> in = node.inputs().stream().map(i -> renamed.getOrDefault(i, x)).toList();
            String nodeName = join(name, OnnxSegment.childName(node));
            last = switch (node.op()) {
                case "Conv", "BatchNormalization", "Gemm" -> emit(node.block(), nodeName, in.get(0));
                case "Dropout", "Identity" -> in.get(0);
                case "Reshape" -> graph.node("Reshape", nodeName, List.of(in.get(0), graph.longInitializer(nodeName + ".shape",
                        java.util.Arrays.stream(toLongs(node.constants().get(1).values())).toArray())));
                case "Clip" -> graph.node("Clip", nodeName, List.of(in.get(0),
                        graph.initializer(nodeName + ".min", new float[] {OnnxOps.bound(node, 1, "min", -Float.MAX_VALUE)}),
                        graph.initializer(nodeName + ".max", new float[] {OnnxOps.bound(node, 2, "max", Float.MAX_VALUE)})));
                default -> graph.node(node.op(), nodeName, in, node.attributes().values().toArray(Onnx.AttributeProto[]::new));
            };
            renamed.put(node.output(), last);
        }
        return last;
    }

    private static long[] toLongs(float[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (long) values[i];
        }
        return out;
    }

    private String convolution(Convolution conv, String name, String x) {
        List<String> inputs = new ArrayList<>(List.of(x, param(conv, "weight", name + ".weight")));
        if (conv.isIncludeBias()) {
            inputs.add(param(conv, "bias", name + ".bias"));
        }
        long[] k = conv.getKernelShape().getShape();
        long[] s = conv.getStride().getShape();
        long[] p = conv.getPadding().getShape();
        long[] d = conv.getDilation().getShape();
        return graph.node("Conv", name, inputs, OnnxGraph.ints("kernel_shape", k), OnnxGraph.ints("strides", s),
                OnnxGraph.ints("pads", p[0], p[1], p[0], p[1]), OnnxGraph.ints("dilations", d),
                OnnxGraph.integer("group", conv.getGroups()));
    }

    private String relu(String x, String name) {
        return graph.node("Relu", name, List.of(x));
    }

    private String param(Block block, String djlName, String onnxName) {
        Parameter parameter = block.getParameters().get(djlName);
        NDArray array = parameter.getArray();
        return graph.initializer(onnxName, array);
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }
}
