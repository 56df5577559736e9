package dev.graft.zoo.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import dev.graft.zoo.nn.HardSigmoid;
import dev.graft.zoo.nn.PRelu;
import dev.graft.zoo.onnx.proto.Onnx;
import dev.graft.zoo.weights.TensorData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The ONNX operators Graft imports as trainable DJL computation, and how each one runs. */
final class OnnxOps {

    /** Every operator the importer knows. */
    static final Set<String> SUPPORTED = Set.of("Conv", "BatchNormalization", "Gemm", "PRelu", "Relu", "LeakyRelu", "Clip", "Add", "Sub",
            "Mul", "Div", "Greater", "Cast", "Concat", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "Flatten", "Reshape",
            "Transpose", "Pad", "Slice", "Resize", "Dropout", "Identity", "Sigmoid", "Tanh", "Gelu", "HardSigmoid", "HardSwish", "Softmax");

    /** Operators of two operands, at least one computed; the other may be a constant. */
    private static final Set<String> BINARY = Set.of("Add", "Sub", "Mul", "Div", "Greater");

    /** The padding ONNX calls {@code SAME_UPPER} (TensorFlow's and Keras's {@code same}): sized from the input, the extra row last. */
    static final String SAME_UPPER = "SAME_UPPER";

    private OnnxOps() {}

    /**
     * Imports a node.
     *
     * @param node the node
     * @param initializers the file's constants and weights by name
     * @param origin the file, for messages
     * @return the imported node
     * @throws IllegalArgumentException naming an unsupported operator or setting
     */
    static OnnxNode importNode(Onnx.NodeProto node, Map<String, TensorData> initializers, String origin) {
        String where = origin + ": node '" + node.getName() + "' (" + node.getOpType() + ")";
        if (!SUPPORTED.contains(node.getOpType())) {
            throw new IllegalArgumentException(where + " uses an operator Graft cannot import as trainable blocks; supported: "
                    + new java.util.TreeSet<>(SUPPORTED) + ". Use --arch onnx-runtime to run the file as a frozen feature extractor.");
        }
        Map<String, Onnx.AttributeProto> attributes = new LinkedHashMap<>();
        node.getAttributeList().forEach(a -> attributes.put(a.getName(), a));
        List<String> computed = new ArrayList<>();
        Map<Integer, TensorData> constants = new LinkedHashMap<>();
        List<TensorData> weightInputs = new ArrayList<>();
        for (int i = 0; i < node.getInputCount(); i++) {
            String input = node.getInput(i);
            if (input.isEmpty()) {
                continue;
            }
            TensorData constant = initializers.get(input);
            if (constant == null) {
                computed.add(input);
            } else if (isWeighted(node.getOpType())) {
                weightInputs.add(constant);
            } else {
                constants.put(i, constant);
            }
        }
        if (BINARY.contains(node.getOpType()) && (computed.isEmpty() || computed.size() + constants.size() != 2)) {
            throw new IllegalArgumentException(where + " needs two operands, at least one computed by the graph; it has "
                    + computed.size() + " computed and " + constants.size() + " constant.");
        }
        String autoPad = shellAutoPad(node);
        if (!autoPad.isEmpty() && !autoPad.equals("NOTSET") && !autoPad.equals(SAME_UPPER) && !autoPad.equals("VALID")) {
            throw new IllegalArgumentException(where + " has auto_pad " + autoPad + "; Graft imports NOTSET, VALID and SAME_UPPER.");
        }
        OnnxNode shell = new OnnxNode(node.getOpType(), node.getName(), computed, node.getOutput(0), attributes, constants, null, Map.of());
        return switch (node.getOpType()) {
            case "Conv" -> conv(shell, weightInputs, where);
            case "BatchNormalization" -> batchNorm(shell, weightInputs);
            case "Gemm" -> gemm(shell, weightInputs, where);
            case "PRelu" -> withBlock(shell, new PRelu(new Shape(weightInputs.get(0).shape())), Map.of("weight", weightInputs.get(0)));
            case "Resize" -> checkResize(shell, where);
            case "Pad" -> checkPad(shell, where);
            default -> shell;
        };
    }

    static boolean isWeighted(String op) {
        return op.equals("Conv") || op.equals("BatchNormalization") || op.equals("Gemm") || op.equals("PRelu");
    }

    private static String shellAutoPad(Onnx.NodeProto node) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals("auto_pad")).map(a -> a.getS().toStringUtf8())
                .findFirst().orElse("");
    }

    private static OnnxNode checkResize(OnnxNode n, String where) {
        TensorData scales = n.constants().get(2);
        if (!n.string("mode", "nearest").equals("nearest") || scales == null) {
            throw new IllegalArgumentException(where + " is a Resize that is not nearest-neighbour by constant scales; Graft imports only that.");
        }
        for (float s : scales.values()) {
            if (s < 1 || s != Math.rint(s)) {
                throw new IllegalArgumentException(where + " scales by " + java.util.Arrays.toString(scales.values())
                        + "; Graft imports whole-number upsampling only.");
            }
        }
        return n;
    }

    private static OnnxNode checkPad(OnnxNode n, String where) {
        TensorData pads = n.constants().get(1);
        if (!n.string("mode", "constant").equals("constant") || pads == null) {
            throw new IllegalArgumentException(where + " is a Pad that is not constant padding by constant amounts; Graft imports only that.");
        }
        for (float p : pads.values()) {
            if (p < 0) {
                throw new IllegalArgumentException(where + " has negative pads " + java.util.Arrays.toString(pads.values()) + ".");
            }
        }
        return n;
    }

    private static OnnxNode conv(OnnxNode n, List<TensorData> w, String where) {
        long[] pads = n.ints("pads", 0, 0, 0, 0);
        if (pads.length != 4 || pads[0] != pads[2] || pads[1] != pads[3]) {
            throw new IllegalArgumentException(where + " has asymmetric padding " + java.util.Arrays.toString(pads) + ", which Graft does not import.");
        }
        long[] k = w.get(0).shape();
        long[] strides = n.ints("strides", 1, 1);
        long[] dilations = n.ints("dilations", 1, 1);
        Block block = Conv2d.builder().setFilters((int) k[0]).setKernelShape(new Shape(k[2], k[3]))
                .optStride(new Shape(strides)).optPadding(new Shape(pads[0], pads[1])).optDilation(new Shape(dilations))
                .optGroups((int) n.integer("group", 1)).optBias(w.size() > 1).build();
        Map<String, TensorData> weights = new LinkedHashMap<>();
        weights.put("weight", w.get(0));
        if (w.size() > 1) {
            weights.put("bias", w.get(1));
        }
        return withBlock(n, block, weights);
    }

    private static OnnxNode batchNorm(OnnxNode n, List<TensorData> w) {
        Block block = BatchNorm.builder().optEpsilon(n.real("epsilon", 1e-5f)).optMomentum(n.real("momentum", 0.9f)).build();
        return withBlock(n, block, Map.of("gamma", w.get(0), "beta", w.get(1), "runningMean", w.get(2), "runningVar", w.get(3)));
    }

    private static OnnxNode gemm(OnnxNode n, List<TensorData> w, String where) {
        if (n.integer("transA", 0) != 0 || n.real("alpha", 1f) != 1f || n.real("beta", 1f) != 1f) {
            throw new IllegalArgumentException(where + " is a Gemm with transA, alpha or beta set, which Graft does not import.");
        }
        TensorData weight = w.get(0);
        if (weight.shape().length != 2 || weight.shape()[0] <= 0 || weight.shape()[1] <= 0) {
            throw new IllegalArgumentException(where + " is a Gemm whose weight has shape " + java.util.Arrays.toString(weight.shape())
                    + "; it needs two positive dimensions. The file is damaged or not a classifier.");
        }
        if (n.integer("transB", 0) == 0) {
            weight = weight.transposed();
        }
        Map<String, TensorData> weights = new LinkedHashMap<>();
        weights.put("weight", weight);
        if (w.size() > 1) {
            weights.put("bias", w.get(1));
        }
        return withBlock(n, Linear.builder().setUnits(weight.shape()[0]).optBias(w.size() > 1).build(), weights);
    }

    private static OnnxNode withBlock(OnnxNode n, Block block, Map<String, TensorData> weights) {
        return new OnnxNode(n.op(), n.name(), n.inputs(), n.output(), n.attributes(), n.constants(), block, weights);
    }

    /** An input shape that makes a weighted block allocate parameters of the file's shapes. */
    static Shape weightInputShape(OnnxNode node) {
        return switch (node.op()) {
            case "Conv" -> {
                long[] k = node.weights().get("weight").shape();
                yield new Shape(1, k[1] * node.integer("group", 1), k[2], k[3]);
            }
            case "BatchNormalization" -> new Shape(1, node.weights().get("gamma").shape()[0], 1, 1);
            case "PRelu" -> new Shape(1).addAll(new Shape(node.weights().get("weight").shape()));
            default -> new Shape(1, node.weights().get("weight").shape()[1]);
        };
    }

    /** Runs a node on the values computed so far. */
    static NDArray run(OnnxNode node, Map<String, NDArray> values, ParameterStore store, boolean training) {
        NDArray x = values.get(node.inputs().get(0));
        return switch (node.op()) {
            case "Conv" -> node.block().forward(store, new NDList(samePadded(node, x, 0)), training).singletonOrThrow();
            case "BatchNormalization", "Gemm", "PRelu" -> node.block().forward(store, new NDList(x), training).singletonOrThrow();
            case "Relu" -> Activation.relu(x);
            case "LeakyRelu" -> Activation.leakyRelu(x, node.real("alpha", 0.01f));
            case "Clip" -> x.clip(bound(node, 1, "min", Float.NEGATIVE_INFINITY), bound(node, 2, "max", Float.POSITIVE_INFINITY));
            case "Add" -> operand(node, values, 0, x).add(operand(node, values, 1, x));
            case "Sub" -> operand(node, values, 0, x).sub(operand(node, values, 1, x));
            case "Mul" -> operand(node, values, 0, x).mul(operand(node, values, 1, x));
            case "Div" -> operand(node, values, 0, x).div(operand(node, values, 1, x));
            case "Greater" -> operand(node, values, 0, x).gt(operand(node, values, 1, x));
            case "Cast" -> x.toType(DataType.FLOAT32, false);
            case "Sigmoid" -> Activation.sigmoid(x);
            case "Tanh" -> Activation.tanh(x);
            case "Gelu" -> Activation.gelu(x);
            case "Transpose" -> contiguous(x.transpose(java.util.Arrays.stream(node.ints("perm")).mapToInt(i -> (int) i).toArray()));
            case "Pad" -> x.pad(torchPads(node.constants().get(1).values()), node.constants().containsKey(2) ? node.constants().get(2).values()[0] : 0);
            case "Slice" -> slice(node, x);
            case "Resize" -> upsample(x, node.constants().get(2).values());
            case "GlobalMaxPool" -> Pool.globalMaxPool2d(x).reshape(x.getShape().get(0), x.getShape().get(1), 1, 1);
            case "HardSigmoid" -> hardSigmoid(x, node.real("alpha", 0.2f), node.real("beta", 0.5f));
            case "HardSwish" -> x.mul(hardSigmoid(x, 1f / 6, 0.5f));
            case "Softmax" -> x.softmax((int) node.integer("axis", -1));
            case "Concat" -> NDArrays.concat(new NDList(node.inputs().stream().map(values::get).toList()), (int) node.integer("axis", 1));
            case "MaxPool" -> Pool.maxPool2d(samePadded(node, x, Float.NEGATIVE_INFINITY), new Shape(node.ints("kernel_shape")),
                    new Shape(node.ints("strides", 1, 1)), new Shape(padding(node)), node.integer("ceil_mode", 0) == 1);
            case "AveragePool" -> averagePool(node, x);
            case "GlobalAveragePool" -> Pool.globalAvgPool2d(x).reshape(x.getShape().get(0), x.getShape().get(1), 1, 1);
            case "Flatten" -> x.reshape(x.getShape().get(0), -1);
            case "Reshape" -> x.reshape(reshapeTarget(node, x.getShape()));
            default -> x;
        };
    }

    /**
     * A transposed tensor copied into its own order: PyTorch 2.7's CPU grouped convolution computes
     * wrong values on a channels-last-strided input with a depth multiplier (measured: a Keras
     * SeparableConv2D off by 4%), and flattening copies a transposed view into row-major order.
     */
    private static NDArray contiguous(NDArray transposed) {
        return transposed.flatten().reshape(transposed.getShape());
    }

    /** A computed input or a constant one (an engine-allocated tensor on the input's manager), by input position. */
    private static NDArray operand(OnnxNode node, Map<String, NDArray> values, int position, NDArray like) {
        TensorData constant = node.constants().get(position);
        if (constant == null) {
            int computedBefore = (int) java.util.stream.IntStream.range(0, position).filter(i -> !node.constants().containsKey(i)).count();
            return values.get(node.inputs().get(computedBefore));
        }
        return like.getManager().create(constant.values(), new Shape(constant.shape())).toType(like.getDataType(), false);
    }

    /**
     * The padding {@code SAME_UPPER} asks of a spatial input: for each axis, output {@code ceil(in / stride)}, the total
     * {@code max((out - 1) · stride + dilated kernel - in, 0)}, half of it before (rounded down), the rest after.
     *
     * @return {top, left, bottom, right}
     */
    static long[] samePads(OnnxNode node, Shape input) {
        long[] k = node.op().equals("Conv") ? lastTwo(node.weights().get("weight").shape()) : node.ints("kernel_shape");
        long[] s = node.ints("strides", 1, 1);
        long[] d = node.ints("dilations", 1, 1);
        long[] pads = new long[4];
        for (int axis = 0; axis < 2; axis++) {
            long in = input.get(2 + axis);
            long out = (in + s[axis] - 1) / s[axis];
            long total = Math.max((out - 1) * s[axis] + (k[axis] - 1) * d[axis] + 1 - in, 0);
            pads[axis] = total / 2;
            pads[axis + 2] = total - total / 2;
        }
        return pads;
    }

    private static long[] lastTwo(long[] shape) {
        return new long[] {shape[shape.length - 2], shape[shape.length - 1]};
    }

    /** The input padded as {@code auto_pad SAME_UPPER} asks (with {@code value}), or the input itself for other paddings. */
    private static NDArray samePadded(OnnxNode node, NDArray x, float value) {
        if (!node.string("auto_pad", "NOTSET").equals(SAME_UPPER)) {
            return x;
        }
        long[] p = samePads(node, x.getShape());
        return x.pad(new Shape(p[1], p[3], p[0], p[2]), value);
    }

    /** Average pooling; with {@code SAME_UPPER} the padding is left out of each window's count, as Keras and ONNX do. */
    private static NDArray averagePool(OnnxNode node, NDArray x) {
        Shape kernel = new Shape(node.ints("kernel_shape"));
        Shape strides = new Shape(node.ints("strides", 1, 1));
        boolean ceil = node.integer("ceil_mode", 0) == 1;
        if (!node.string("auto_pad", "NOTSET").equals(SAME_UPPER)) {
            return Pool.avgPool2d(x, kernel, strides, new Shape(padding(node)), ceil, node.integer("count_include_pad", 0) == 1);
        }
        Shape none = new Shape(0, 0);
        NDArray sums = Pool.avgPool2d(samePadded(node, x, 0), kernel, strides, none, ceil, true);
        Shape one = new Shape(1, 1, x.getShape().get(2), x.getShape().get(3));
        NDArray counted = Pool.avgPool2d(samePadded(node, x.getManager().ones(one, x.getDataType()), 0), kernel, strides, none, ceil, true);
        return sums.div(counted);
    }

    /** ONNX pads {@code [x1_begin, x2_begin, …, x1_end, x2_end, …]} → PyTorch's {@code (last_begin, last_end, …)}. */
    private static Shape torchPads(float[] pads) {
        int rank = pads.length / 2;
        long[] out = new long[pads.length];
        for (int axis = 0; axis < rank; axis++) {
            out[2 * (rank - 1 - axis)] = (long) pads[axis];
            out[2 * (rank - 1 - axis) + 1] = (long) pads[axis + rank];
        }
        return new Shape(out);
    }

    /** ONNX Slice with constant starts, ends, axes and unit steps. */
    private static NDArray slice(OnnxNode node, NDArray x) {
        float[] starts = node.constants().get(1).values();
        float[] ends = node.constants().get(2).values();
        TensorData axesData = node.constants().get(3);
        int rank = x.getShape().dimension();
        String[] ranges = new String[rank];
        java.util.Arrays.fill(ranges, ":");
        for (int i = 0; i < starts.length; i++) {
            int axis = axesData == null ? i : (int) axesData.values()[i];
            axis = axis < 0 ? axis + rank : axis;
            long size = x.getShape().get(axis);
            long start = clamp((long) starts[i], size);
            long end = clamp(ends[i] >= Long.MAX_VALUE / 2 ? size : (long) ends[i], size);
            ranges[axis] = start + ":" + end;
        }
        return x.get(new ai.djl.ndarray.index.NDIndex(String.join(",", ranges)));
    }

    private static long clamp(long index, long size) {
        return Math.max(0, Math.min(size, index < 0 ? index + size : index));
    }

    /** Nearest-neighbour upsampling by whole-number scales: each element repeated along each axis. */
    private static NDArray upsample(NDArray x, float[] scales) {
        for (int axis = 0; axis < scales.length; axis++) {
            if (scales[axis] != 1f) {
                x = x.repeat(axis, (long) scales[axis]);
            }
        }
        return x;
    }

    /** ONNX's {@code max(0, min(1, alpha · x + beta))}, with engine-allocated constants (gradients stay correct). */
    private static NDArray hardSigmoid(NDArray x, float alpha, float beta) {
        return x.mul(HardSigmoid.constant(x, alpha)).add(HardSigmoid.constant(x, beta)).clip(0, 1);
    }

    private static long[] padding(OnnxNode node) {
        long[] pads = node.ints("pads", 0, 0, 0, 0);
        return new long[] {pads[0], pads[1]};
    }

    static float bound(OnnxNode node, int input, String attribute, float fallback) {
        TensorData constant = node.constants().get(input);
        return constant != null ? constant.values()[0] : node.real(attribute, fallback);
    }

    private static Shape reshapeTarget(OnnxNode node, Shape in) {
        TensorData target = node.constants().get(1);
        if (target == null) {
            throw new IllegalArgumentException("node '" + node.name() + "': Reshape needs a constant shape.");
        }
        long[] dims = new long[target.values().length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = (long) target.values()[i];
            if (dims[i] == 0) {
                dims[i] = in.get(i);
            }
        }
        return new Shape(dims);
    }
}
