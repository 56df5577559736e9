package dev.graft.zoo.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import dev.graft.zoo.nn.HardSigmoid;
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
    static final Set<String> SUPPORTED = Set.of("Conv", "BatchNormalization", "Gemm", "Relu", "Clip", "Add", "Mul", "Concat", "MaxPool",
            "AveragePool", "GlobalAveragePool", "Flatten", "Reshape", "Dropout", "Identity", "Sigmoid", "HardSigmoid", "HardSwish",
            "Softmax");

    /** Operators whose two inputs must both be computed tensors (a constant operand is not imported). */
    private static final Set<String> BINARY = Set.of("Add", "Mul");

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
        if (BINARY.contains(node.getOpType()) && computed.size() != 2) {
            throw new IllegalArgumentException(where + " has a constant operand; Graft imports " + node.getOpType()
                    + " of two computed tensors only. Use --arch onnx-runtime to run the file as a frozen feature extractor.");
        }
        OnnxNode shell = new OnnxNode(node.getOpType(), node.getName(), computed, node.getOutput(0), attributes, constants, null, Map.of());
        return switch (node.getOpType()) {
            case "Conv" -> conv(shell, weightInputs, where);
            case "BatchNormalization" -> batchNorm(shell, weightInputs);
            case "Gemm" -> gemm(shell, weightInputs, where);
            default -> shell;
        };
    }

    private static boolean isWeighted(String op) {
        return op.equals("Conv") || op.equals("BatchNormalization") || op.equals("Gemm");
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
            weight = transpose(weight);
        }
        Map<String, TensorData> weights = new LinkedHashMap<>();
        weights.put("weight", weight);
        if (w.size() > 1) {
            weights.put("bias", w.get(1));
        }
        return withBlock(n, Linear.builder().setUnits(weight.shape()[0]).optBias(w.size() > 1).build(), weights);
    }

    private static TensorData transpose(TensorData t) {
        int rows = (int) t.shape()[0];
        int cols = (int) t.shape()[1];
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = t.values()[r * cols + c];
            }
        }
        return new TensorData(new long[] {cols, rows}, out);
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
            default -> new Shape(1, node.weights().get("weight").shape()[1]);
        };
    }

    /** Runs a node on the values computed so far. */
    static NDArray run(OnnxNode node, Map<String, NDArray> values, ParameterStore store, boolean training) {
        NDArray x = values.get(node.inputs().get(0));
        return switch (node.op()) {
            case "Conv", "BatchNormalization", "Gemm" -> node.block().forward(store, new NDList(x), training).singletonOrThrow();
            case "Relu" -> Activation.relu(x);
            case "Clip" -> x.clip(bound(node, 1, "min", Float.NEGATIVE_INFINITY), bound(node, 2, "max", Float.POSITIVE_INFINITY));
            case "Add" -> x.add(values.get(node.inputs().get(1)));
            case "Mul" -> x.mul(values.get(node.inputs().get(1)));
            case "Sigmoid" -> Activation.sigmoid(x);
            case "HardSigmoid" -> hardSigmoid(x, node.real("alpha", 0.2f), node.real("beta", 0.5f));
            case "HardSwish" -> x.mul(hardSigmoid(x, 1f / 6, 0.5f));
            case "Softmax" -> x.softmax((int) node.integer("axis", -1));
            case "Concat" -> NDArrays.concat(new NDList(node.inputs().stream().map(values::get).toList()), (int) node.integer("axis", 1));
            case "MaxPool" -> Pool.maxPool2d(x, new Shape(node.ints("kernel_shape")), new Shape(node.ints("strides", 1, 1)),
                    new Shape(padding(node)), node.integer("ceil_mode", 0) == 1);
            case "AveragePool" -> Pool.avgPool2d(x, new Shape(node.ints("kernel_shape")), new Shape(node.ints("strides", 1, 1)),
                    new Shape(padding(node)), node.integer("ceil_mode", 0) == 1, node.integer("count_include_pad", 0) == 1);
            case "GlobalAveragePool" -> Pool.globalAvgPool2d(x).reshape(x.getShape().get(0), x.getShape().get(1), 1, 1);
            case "Flatten" -> x.reshape(x.getShape().get(0), -1);
            case "Reshape" -> x.reshape(reshapeTarget(node, x.getShape()));
            default -> x;
        };
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
