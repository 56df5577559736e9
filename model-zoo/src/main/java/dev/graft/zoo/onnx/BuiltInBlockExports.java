package dev.graft.zoo.onnx;

import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import dev.graft.zoo.nn.AvgPool;
import dev.graft.zoo.nn.DenseConcat;
import dev.graft.zoo.nn.Fire;
import dev.graft.zoo.nn.HardSwish;
import dev.graft.zoo.nn.GlobalAveragePool;
import dev.graft.zoo.nn.Layers;
import dev.graft.zoo.nn.MaxPool;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.nn.PRelu;
import dev.graft.zoo.nn.Relu6;
import dev.graft.zoo.nn.Residual;
import dev.graft.zoo.nn.Silu;
import dev.graft.zoo.nn.SqueezeExcitation;
import dev.graft.zoo.onnx.proto.Onnx;
import dev.graft.zoo.weights.TensorData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The writers of the block types {@link BlockExports} registers: named sequences, residual
 * units, Fire modules, dense concatenations, squeeze-and-excitation, segments imported from ONNX
 * files, convolutions, BatchNorm (with each block's own epsilon), linear layers, max / average
 * pooling, ReLU6, SiLU and the hard sigmoid / swish. Initializers take the torchvision parameter names.
 */
final class BuiltInBlockExports {

    private BuiltInBlockExports() {}

    static String sequence(NamedSequential sequence, String name, String x, OnnxExportContext c) {
        for (String child : sequence.names()) {
            x = c.emit(sequence.child(child), join(name, child), x);
        }
        return x;
    }

    static String residual(Residual residual, String name, String x, OnnxExportContext c) {
        String body = x;
        for (String child : residual.bodyNames()) {
            body = c.emit(residual.getChildren().get(child), join(name, child), body);
        }
        String shortcut = residual.shortcut() == null ? x : c.emit(residual.shortcut(), join(name, "downsample"), x);
        String sum = c.node("Add", join(name, "add"), List.of(body, shortcut));
        return residual.finalRelu() ? c.node("Relu", join(name, "relu"), List.of(sum)) : sum;
    }

    static String fire(Fire fire, String name, String x, OnnxExportContext c) {
        String squeezed = relu(c, c.emit(fire.getChildren().get("squeeze"), join(name, "squeeze"), x), join(name, "squeeze_activation"));
        String a = relu(c, c.emit(fire.getChildren().get("expand1x1"), join(name, "expand1x1"), squeezed), join(name, "expand1x1_activation"));
        String b = relu(c, c.emit(fire.getChildren().get("expand3x3"), join(name, "expand3x3"), squeezed), join(name, "expand3x3_activation"));
        return c.node("Concat", join(name, "concat"), List.of(a, b), OnnxGraph.integer("axis", 1));
    }

    static String denseConcat(DenseConcat dense, String name, String x, OnnxExportContext c) {
        String branch = sequence(dense, name, x, c);
        return c.node("Concat", join(name, "concat"), List.of(x, branch), OnnxGraph.integer("axis", 1));
    }

    /** Constant inputs ONNX wants as int64, by operator: input positions. */
    private static final Map<String, java.util.Set<Integer>> INT64_INPUTS = Map.of("Reshape", java.util.Set.of(1), "Pad", java.util.Set.of(1),
            "Slice", java.util.Set.of(1, 2, 3, 4));

    /** Writes an imported segment's nodes back, with the weights its blocks hold now. */
    static String segment(OnnxSegment segment, String name, String x, OnnxExportContext c) {
        Map<String, String> renamed = new HashMap<>();
        String last = x;
        for (OnnxNode node : segment.nodes()) {
            List<String> in = node.inputs().stream().map(i -> renamed.getOrDefault(i, x)).toList();
            String nodeName = join(name, OnnxSegment.childName(node));
            last = switch (node.op()) {
                case "Conv" -> convolution((Convolution) node.block(), nodeName, in.get(0), c,
                        node.string("auto_pad", "NOTSET").equals(OnnxOps.SAME_UPPER));
                case "BatchNormalization", "Gemm", "PRelu" -> c.emit(node.block(), nodeName, in.get(0));
                case "Dropout", "Identity" -> in.get(0);
                case "Gelu" -> TransformerBlockExports.gelu(nodeName, in.get(0), c);
                case "Clip" -> c.node("Clip", nodeName, List.of(in.get(0),
                        c.constant(nodeName + ".min", new float[] {OnnxOps.bound(node, 1, "min", -Float.MAX_VALUE)}),
                        c.constant(nodeName + ".max", new float[] {OnnxOps.bound(node, 2, "max", Float.MAX_VALUE)})));
                default -> c.node(node.op(), nodeName, withConstants(node, nodeName, in, c),
                        node.attributes().values().toArray(Onnx.AttributeProto[]::new));
            };
            renamed.put(node.output(), last);
        }
        return last;
    }

    /** A node's inputs in their original positions: computed tensors, and its constants written as initializers. */
    private static List<String> withConstants(OnnxNode node, String nodeName, List<String> computed, OnnxExportContext c) {
        List<String> inputs = new ArrayList<>();
        int next = 0;
        for (int position = 0; position < computed.size() + node.constants().size(); position++) {
            TensorData constant = node.constants().get(position);
            if (constant == null) {
                inputs.add(computed.get(next++));
            } else if (INT64_INPUTS.getOrDefault(node.op(), java.util.Set.of()).contains(position)) {
                inputs.add(c.longConstant(nodeName + ".input" + position, toLongs(constant.values())));
            } else {
                inputs.add(c.constant(nodeName + ".input" + position, constant.values(), constant.shape()));
            }
        }
        return inputs;
    }

    private static long[] toLongs(float[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (long) values[i];
        }
        return out;
    }

    static String convolution(Convolution conv, String name, String x, OnnxExportContext c) {
        return convolution(conv, name, x, c, false);
    }

    /** A convolution, its padding either the block's own or ONNX's {@code SAME_UPPER} (Keras's {@code same}, sized from the input). */
    static String convolution(Convolution conv, String name, String x, OnnxExportContext c, boolean sameUpper) {
        List<String> inputs = new ArrayList<>(List.of(x, c.parameter(conv, "weight", name + ".weight")));
        if (conv.isIncludeBias()) {
            inputs.add(c.parameter(conv, "bias", name + ".bias"));
        }
        long[] k = conv.getKernelShape().getShape();
        long[] s = conv.getStride().getShape();
        long[] p = conv.getPadding().getShape();
        long[] d = conv.getDilation().getShape();
        return c.node("Conv", name, inputs, OnnxGraph.ints("kernel_shape", k), OnnxGraph.ints("strides", s),
                sameUpper ? OnnxAttributes.string("auto_pad", OnnxOps.SAME_UPPER) : OnnxGraph.ints("pads", p[0], p[1], p[0], p[1]),
                OnnxGraph.ints("dilations", d),
                OnnxGraph.integer("group", conv.getGroups()));
    }

    static String batchNorm(BatchNorm block, String name, String x, OnnxExportContext c) {
        return c.node("BatchNormalization", name, List.of(x, c.parameter(block, "gamma", name + ".weight"),
                c.parameter(block, "beta", name + ".bias"), c.parameter(block, "runningMean", name + ".running_mean"),
                c.parameter(block, "runningVar", name + ".running_var")), OnnxGraph.real("epsilon", Layers.epsilon(block)));
    }

    static String linear(Linear block, String name, String x, OnnxExportContext c) {
        if (TransformerBlockExports.inputRank(block) > 2) {
            return TransformerBlockExports.linearOnLastAxis(block, name, x, c);
        }
        List<String> inputs = new ArrayList<>(List.of(x, c.parameter(block, "weight", name + ".weight")));
        if (block.getParameters().contains("bias")) {
            inputs.add(c.parameter(block, "bias", name + ".bias"));
        }
        return c.node("Gemm", name, inputs, OnnxGraph.integer("transB", 1));
    }

    static String maxPool(MaxPool pool, String name, String x, OnnxExportContext c) {
        long p = pool.padding();
        return c.node("MaxPool", name, List.of(x), OnnxGraph.ints("kernel_shape", pool.kernel(), pool.kernel()),
                OnnxGraph.ints("strides", pool.stride(), pool.stride()), OnnxGraph.ints("pads", p, p, p, p),
                OnnxGraph.integer("ceil_mode", pool.ceil() ? 1 : 0));
    }

    static String avgPool(AvgPool pool, String name, String x, OnnxExportContext c) {
        return c.node("AveragePool", name, List.of(x), OnnxGraph.ints("kernel_shape", pool.kernel(), pool.kernel()),
                OnnxGraph.ints("strides", pool.kernel(), pool.kernel()));
    }

    static String globalAveragePool(GlobalAveragePool block, String name, String x, OnnxExportContext c) {
        if (TransformerBlockExports.inputRank(block) == 3) {
            return TransformerBlockExports.tokenAveragePool(block, name, x, c);
        }
        String pooled = c.node("GlobalAveragePool", name, List.of(x));
        return c.node("Flatten", join(name, "flatten"), List.of(pooled), OnnxGraph.integer("axis", 1));
    }

    static String prelu(PRelu block, String name, String x, OnnxExportContext c) {
        return c.node("PRelu", name, List.of(x, c.parameter(block, "weight", name + ".weight")));
    }

    static String relu6(Relu6 block, String name, String x, OnnxExportContext c) {
        return c.node("Clip", name, List.of(x, c.constant(name + ".min", new float[] {0f}), c.constant(name + ".max", new float[] {6f})));
    }

    /** SiLU as {@code x · Sigmoid(x)} (ONNX has no SiLU operator before opset 24's Swish). */
    static String silu(Silu block, String name, String x, OnnxExportContext c) {
        return c.node("Mul", name, List.of(x, c.node("Sigmoid", join(name, "sigmoid"), List.of(x))));
    }

    /** PyTorch's hard sigmoid, {@code relu6(x + 3) / 6}, as ONNX {@code HardSigmoid} with alpha 1/6, beta 0.5 (opset 6 on). */
    static String hardSigmoid(String name, String x, OnnxExportContext c) {
        return c.node("HardSigmoid", name, List.of(x), OnnxGraph.real("alpha", 1f / 6), OnnxGraph.real("beta", 0.5f));
    }

    /** Hard swish as {@code x · HardSigmoid(x)}, which every opset Graft writes has (ONNX's HardSwish needs opset 14). */
    static String hardSwish(HardSwish block, String name, String x, OnnxExportContext c) {
        return c.node("Mul", name, List.of(x, hardSigmoid(join(name, "hard_sigmoid"), x, c)));
    }

    /** Squeeze-and-excitation: a 4-D GlobalAveragePool, fc1, activation, fc2, gate, then the input times the gate. */
    static String squeezeExcitation(SqueezeExcitation block, String name, String x, OnnxExportContext c) {
        String scale = c.node("GlobalAveragePool", join(name, "avgpool"), List.of(x));
        scale = c.emit(block.fc1(), join(name, "fc1"), scale);
        scale = c.emit(block.activation(), join(name, "activation"), scale);
        scale = c.emit(block.fc2(), join(name, "fc2"), scale);
        scale = c.emit(block.scaleActivation(), join(name, "scale_activation"), scale);
        return c.node("Mul", join(name, "scale"), List.of(x, scale));
    }

    private static String relu(OnnxExportContext c, String x, String name) {
        return c.node("Relu", name, List.of(x));
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }
}
