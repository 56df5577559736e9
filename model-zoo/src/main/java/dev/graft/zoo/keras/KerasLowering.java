package dev.graft.zoo.keras;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graft.zoo.onnx.OnnxAttributes;
import dev.graft.zoo.onnx.proto.Onnx;
import dev.graft.zoo.weights.TensorData;
import dev.graft.zoo.weights.WeightImportException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns Keras layer calls into ONNX nodes that Graft's ONNX importer runs as trainable blocks.
 * Tensors of rank 4 and more are channels-first in Graft (NCHW) and channels-last in Keras
 * (NHWC): kernels become OIHW, depthwise kernels {@code (in·mult, 1, kh, kw)}, Dense kernels
 * {@code (out, in)}; channel axes and {@code Flatten} / {@code Reshape} follow (a Flatten of a map
 * first permutes it to NHWC, so the Dense after it reads its weights unchanged). The last node of
 * each layer is named as the layer; nodes before it {@code layer/Op}.
 */
final class KerasLowering {

    /** The layers Graft rebuilds, by Keras class name (Keras 1 names included). */
    static final Set<String> SUPPORTED = Set.of("InputLayer", "Conv2D", "Convolution2D", "DepthwiseConv2D", "SeparableConv2D",
            "SeparableConvolution2D", "BatchNormalization", "ReLU", "LeakyReLU", "PReLU", "Softmax", "Activation", "ZeroPadding2D",
            "Cropping2D", "UpSampling2D", "Add", "Multiply", "Subtract", "Concatenate", "MaxPooling2D", "MaxPool2D", "AveragePooling2D",
            "AvgPool2D", "GlobalAveragePooling2D", "GlobalMaxPooling2D", "GlobalAvgPool2D", "GlobalMaxPool2D", "Dense", "Dropout",
            "SpatialDropout2D", "GaussianDropout", "GaussianNoise", "AlphaDropout", "ActivityRegularization", "Flatten", "Reshape",
            "Rescaling", "Normalization");

    /** Layers that only act in training (identity in inference, as Keras runs them). */
    private static final Set<String> IDENTITY = Set.of("Dropout", "SpatialDropout2D", "GaussianDropout", "GaussianNoise",
            "AlphaDropout", "ActivityRegularization");

    private final String origin;
    private final Map<String, List<KerasWeight>> weights;
    private final boolean keras3;
    private final List<Onnx.NodeProto> nodes = new ArrayList<>();
    private final Map<String, TensorData> initializers = new LinkedHashMap<>();
    private final Map<String, Integer> ranks = new HashMap<>();

    /**
     * Creates a lowering.
     *
     * @param origin the file, for messages
     * @param weights the file's weights by layer
     * @param keras3 whether Keras 3 wrote the file (its {@code hard_sigmoid} differs from Keras 2's)
     */
    KerasLowering(String origin, Map<String, List<KerasWeight>> weights, boolean keras3) {
        this.origin = origin;
        this.weights = weights;
        this.keras3 = keras3;
    }

    /** @return the nodes so far, in order */
    List<Onnx.NodeProto> nodes() {
        return nodes;
    }

    /** @return the constants and weights so far, by name */
    Map<String, TensorData> initializers() {
        return initializers;
    }

    /**
     * Declares the input tensor.
     *
     * @param name its name
     * @param rank its Keras rank, batch included
     */
    void input(String name, int rank) {
        ranks.put(name, rank);
    }

    /**
     * Adds one layer's nodes.
     *
     * @param call the layer
     * @throws WeightImportException naming the layer if Graft cannot rebuild it or its weights do not fit
     */
    void lower(KerasLayerCall call) throws WeightImportException {
        if (!SUPPORTED.contains(call.className())) {
            throw new WeightImportException(origin + ": " + call.describe() + " is not a layer Graft can rebuild"
                    + (call.className().equals("Lambda") ? " (a Lambda holds Python code)" : "") + "; supported: "
                    + new TreeSet<>(SUPPORTED) + ".");
        }
        try {
            lowerChecked(call);
        } catch (IllegalArgumentException | IndexOutOfBoundsException | NullPointerException e) {
            throw new WeightImportException(origin + ": " + call.describe() + ": " + e.getMessage(), e);
        }
    }

    private void lowerChecked(KerasLayerCall call) throws WeightImportException {
        JsonNode c = call.config();
        String name = call.name();
        List<String> in = call.inputs();
        String x = in.isEmpty() ? null : in.get(0);
        int rank = in.isEmpty() ? 0 : rank(x);
        String cls = call.className();
        if (!c.path("data_format").asText("channels_last").equals("channels_last") || c.path("dim_ordering").asText("tf").equals("th")) {
            throw new IllegalArgumentException("is channels_first; Graft rebuilds channels_last models (Keras's default).");
        }
        int out = switch (cls) {
            case "Conv2D", "Convolution2D" -> conv(call, x, false);
            case "DepthwiseConv2D" -> conv(call, x, true);
            case "SeparableConv2D", "SeparableConvolution2D" -> separable(call, x);
            case "BatchNormalization" -> batchNorm(call, x, rank);
            case "Dense" -> dense(call, x, rank);
            case "Activation" -> finish(name, activation(name, x, c.path("activation").asText("linear"), rank, true), rank);
            case "ReLU" -> relu(name, x, c, rank);
            case "LeakyReLU" -> node(name, "LeakyRelu", List.of(x), rank,
                    OnnxAttributes.real("alpha", (float) c.path("alpha").asDouble(c.path("negative_slope").asDouble(0.3))));
            case "PReLU" -> prelu(call, x, rank);
            case "Softmax" -> node(name, "Softmax", List.of(x), rank, OnnxAttributes.integer("axis", axis(c.path("axis").asInt(-1), rank)));
            case "ZeroPadding2D" -> zeroPadding(name, x, pairs(c.path("padding"), 1));
            case "Cropping2D" -> cropping(name, x, pairs(c.path("cropping"), 0));
            case "UpSampling2D" -> upSampling(name, x, c);
            case "Add", "Multiply", "Subtract" -> merge(name, in, cls.equals("Add") ? "Add" : cls.equals("Multiply") ? "Mul" : "Sub", rank);
            case "Concatenate" -> node(name, "Concat", in, rank, OnnxAttributes.integer("axis", axis(c.path("axis").asInt(-1), rank)));
            case "MaxPooling2D", "MaxPool2D" -> pool(name, x, c, "MaxPool");
            case "AveragePooling2D", "AvgPool2D" -> pool(name, x, c, "AveragePool");
            case "GlobalAveragePooling2D", "GlobalAvgPool2D" -> globalPool(name, x, c, "GlobalAveragePool");
            case "GlobalMaxPooling2D", "GlobalMaxPool2D" -> globalPool(name, x, c, "GlobalMaxPool");
            case "Flatten" -> flatten(name, x, rank);
            case "Reshape" -> reshape(name, x, rank, c.path("target_shape"));
            case "Rescaling" -> rescaling(name, x, c, rank);
            case "Normalization" -> normalization(call, x, rank);
            default -> IDENTITY.contains(cls) ? node(name, "Identity", List.of(x), rank) : -1;
        };
        ranks.put(name, out);
    }

    // ---- weighted layers

    private int conv(KerasLayerCall call, String x, boolean depthwise) throws WeightImportException {
        JsonNode c = call.config();
        List<KerasWeight> w = weightsOf(call, depthwise ? "depthwise_kernel" : "kernel", "bias");
        KerasWeight kernel = w.get(0);
        long[] k = kernel.shape();
        requireRank(kernel, 4);
        TensorData weight = depthwise ? depthwiseToOihw(kernel) : hwioToOihw(kernel);
        long groups = depthwise ? k[2] : c.path("groups").asLong(1);
        String conv = convNode(call.name(), hasActivation(c) ? call.name() + "/Conv" : call.name(), x, weight,
                w.size() > 1 ? data(w.get(1)) : null, c, groups);
        return finish(call.name(), activation(call.name(), conv, c.path("activation").asText("linear"), 4, false), 4);
    }

    private int separable(KerasLayerCall call, String x) throws WeightImportException {
        JsonNode c = call.config();
        List<KerasWeight> w = weightsOf(call, "depthwise_kernel", "pointwise_kernel", "bias");
        KerasWeight depth = w.get(0);
        requireRank(depth, 4);
        String name = call.name();
        String d = convNode(name, name + "/depthwise", x, depthwiseToOihw(depth), null, c, depth.shape()[2]);
        String p = node(hasActivation(c) ? name + "/Conv" : name, "Conv", List.of(d, constant(name + ".pointwise", hwioToOihw(w.get(1)))),
                OnnxAttributes.ints("kernel_shape", 1, 1));
        if (w.size() > 2) {
            nodes.set(nodes.size() - 1, nodes.get(nodes.size() - 1).toBuilder().addInput(constant(name + ".bias", data(w.get(2)))).build());
        }
        ranks.put(p, 4);
        return finish(name, activation(name, p, c.path("activation").asText("linear"), 4, false), 4);
    }

    /** A Conv node with Keras's strides, dilations and padding ({@code same} becomes explicit pads, or SAME_UPPER where they depend on the input size). */
    private String convNode(String layer, String name, String x, TensorData weight, TensorData bias, JsonNode c, long groups) {
        long[] k = {weight.shape()[2], weight.shape()[3]};
        long[] s = ints(c.has("strides") ? c.get("strides") : c.get("subsample"), 1);
        long[] d = ints(c.get("dilation_rate"), 1);
        List<String> inputs = new ArrayList<>(List.of(x, constant(layer + ".kernel", weight)));
        if (bias != null) {
            inputs.add(constant(layer + ".bias", bias));
        }
        List<Onnx.AttributeProto> attributes = new ArrayList<>(List.of(OnnxAttributes.ints("kernel_shape", k),
                OnnxAttributes.ints("strides", s), OnnxAttributes.ints("dilations", d), OnnxAttributes.integer("group", groups)));
        attributes.add(padding(c.has("padding") ? c.get("padding").asText() : c.path("border_mode").asText("valid"),
                new long[] {(k[0] - 1) * d[0] + 1, (k[1] - 1) * d[1] + 1}, s));
        String out = node(name, "Conv", inputs, attributes.toArray(Onnx.AttributeProto[]::new));
        ranks.put(out, 4);
        return out;
    }

    /** {@code valid} → no pads; {@code same} → symmetric pads when stride 1 and an odd kernel make them so, else SAME_UPPER. */
    private static Onnx.AttributeProto padding(String mode, long[] kernel, long[] strides) {
        if (mode.equals("valid")) {
            return OnnxAttributes.ints("pads", 0, 0, 0, 0);
        }
        if (!mode.equals("same")) {
            throw new IllegalArgumentException("has padding '" + mode + "'; Graft rebuilds 'valid' and 'same'.");
        }
        if (strides[0] == 1 && strides[1] == 1 && kernel[0] % 2 == 1 && kernel[1] % 2 == 1) {
            long ph = (kernel[0] - 1) / 2;
            long pw = (kernel[1] - 1) / 2;
            return OnnxAttributes.ints("pads", ph, pw, ph, pw);
        }
        return OnnxAttributes.string("auto_pad", "SAME_UPPER");
    }

    private int batchNorm(KerasLayerCall call, String x, int rank) throws WeightImportException {
        JsonNode c = call.config();
        int axis = c.path("axis").isArray() ? c.path("axis").get(0).asInt() : c.path("axis").asInt(-1);
        if (axis != -1 && axis != rank - 1) {
            throw new IllegalArgumentException("normalises axis " + axis + "; Graft rebuilds BatchNormalization over the channel (last) axis.");
        }
        boolean scale = c.path("scale").asBoolean(true);
        boolean center = c.path("center").asBoolean(true);
        List<KerasWeight> all = weightsOf(call);
        int i = 0;
        KerasWeight gamma = scale ? all.get(i++) : null;
        KerasWeight beta = center ? all.get(i++) : null;
        KerasWeight mean = all.get(i++);
        KerasWeight variance = all.get(i);
        int channels = mean.values().length;
        String name = call.name();
        List<String> inputs = List.of(x,
                constant(name + ".gamma", gamma != null ? data(gamma) : filled(channels, 1f)),
                constant(name + ".beta", beta != null ? data(beta) : filled(channels, 0f)),
                constant(name + ".moving_mean", data(mean)), constant(name + ".moving_variance", data(variance)));
        return node(name, "BatchNormalization", inputs, rank, OnnxAttributes.real("epsilon", (float) c.path("epsilon").asDouble(1e-3)),
                OnnxAttributes.real("momentum", (float) c.path("momentum").asDouble(0.99)));
    }

    private int dense(KerasLayerCall call, String x, int rank) throws WeightImportException {
        if (rank != 2) {
            throw new IllegalArgumentException("reads a rank-" + rank + " tensor; Graft rebuilds Dense on vectors (after Flatten or pooling).");
        }
        JsonNode c = call.config();
        List<KerasWeight> w = weightsOf(call, "kernel", "bias");
        requireRank(w.get(0), 2);
        String name = call.name();
        List<String> inputs = new ArrayList<>(List.of(x, constant(name + ".kernel", data(w.get(0)).transposed())));
        if (w.size() > 1) {
            inputs.add(constant(name + ".bias", data(w.get(1))));
        }
        String gemm = node(hasActivation(c) ? name + "/Gemm" : name, "Gemm", inputs, OnnxAttributes.integer("transB", 1));
        ranks.put(gemm, 2);
        return finish(name, activation(name, gemm, c.path("activation").asText("linear"), 2, false), 2);
    }

    private int prelu(KerasLayerCall call, String x, int rank) throws WeightImportException {
        KerasWeight alpha = weightsOf(call, "alpha").get(0);
        TensorData slope = data(alpha);
        if (rank >= 4 && alpha.shape().length == rank - 1) {
            slope = channelsFirst(slope);
        }
        return node(call.name(), "PRelu", List.of(x, constant(call.name() + ".alpha", slope)), rank);
    }

    private int normalization(KerasLayerCall call, String x, int rank) throws WeightImportException {
        JsonNode c = call.config();
        if (c.path("invert").asBoolean(false)) {
            throw new IllegalArgumentException("is an inverted Normalization, which Graft does not rebuild.");
        }
        float[] mean;
        float[] variance;
        if (c.path("mean").isArray() || c.path("mean").isNumber()) {
            mean = floats(c.get("mean"));
            variance = floats(c.get("variance"));
        } else {
            List<KerasWeight> w = weightsOf(call, "mean", "variance");
            mean = w.get(0).values();
            variance = w.get(1).values();
        }
        float[] std = new float[variance.length];
        for (int i = 0; i < std.length; i++) {
            std[i] = (float) Math.max(Math.sqrt(variance[i]), 1e-7);
        }
        String name = call.name();
        String centred = node(name + "/Sub", "Sub", List.of(x, constant(name + ".mean", perChannel(mean, rank))));
        ranks.put(centred, rank);
        return node(name, "Div", List.of(centred, constant(name + ".std", perChannel(std, rank))), rank);
    }

    // ---- parameter-free layers

    private int relu(String name, String x, JsonNode c, int rank) {
        float max = c.path("max_value").isNumber() ? (float) c.get("max_value").asDouble() : Float.POSITIVE_INFINITY;
        float slope = (float) c.path("negative_slope").asDouble(0);
        float threshold = (float) c.path("threshold").asDouble(0);
        String y = x;
        if (threshold != 0) {
            // Keras: x for x > t, slope · (x - t) below; the step adds back the t that LeakyRelu(x - t) takes off above it
            String shifted = node(name + "/Sub", "Sub", List.of(x, constant(name + ".threshold", scalar(threshold))));
            String leaky = node(name + "/LeakyRelu", "LeakyRelu", List.of(shifted), OnnxAttributes.real("alpha", slope));
            String above = node(name + "/Greater", "Greater", List.of(x, name + ".threshold"));
            String step = node(name + "/Cast", "Cast", List.of(above), OnnxAttributes.integer("to", 1));
            String back = node(name + "/Mul", "Mul", List.of(step, name + ".threshold"));
            y = node(Float.isInfinite(max) ? name : name + "/Add", "Add", List.of(leaky, back));
        } else if (slope != 0) {
            y = node(Float.isInfinite(max) ? name : name + "/LeakyRelu", "LeakyRelu", List.of(x), OnnxAttributes.real("alpha", slope));
        } else if (Float.isInfinite(max)) {
            y = node(name, "Relu", List.of(x));
        } else {
            return clip(name, x, 0f, max, rank);
        }
        return Float.isInfinite(max) ? finish(name, y, rank) : clip(name, y, Float.NEGATIVE_INFINITY, max, rank);
    }

    private int clip(String name, String x, float min, float max, int rank) {
        return node(name, "Clip", List.of(x, constant(name + ".min", scalar(min == Float.NEGATIVE_INFINITY ? -Float.MAX_VALUE : min)),
                constant(name + ".max", scalar(max))), rank);
    }

    /**
     * The nodes of a Keras activation function after {@code x}.
     *
     * @param whole whether the activation is the whole layer (an {@code Activation}), so its last node takes the layer's name
     * @return the activation's output ({@code x} itself for {@code linear})
     */
    private String activation(String layer, String x, String function, int rank, boolean whole) {
        String name = layer;
        return switch (function) {
            case "linear" -> whole ? node(name, "Identity", List.of(x)) : x;
            case "relu" -> node(name, "Relu", List.of(x));
            case "relu6" -> {
                clip(name, x, 0f, 6f, rank);
                yield name;
            }
            case "sigmoid" -> node(name, "Sigmoid", List.of(x));
            case "tanh" -> node(name, "Tanh", List.of(x));
            case "softmax" -> node(name, "Softmax", List.of(x), OnnxAttributes.integer("axis", axis(-1, rank)));
            case "swish", "silu" -> node(name, "Mul", List.of(x, node(name + "/Sigmoid", "Sigmoid", List.of(x))));
            case "hard_sigmoid" -> node(name, "HardSigmoid", List.of(x), OnnxAttributes.real("alpha", keras3 ? 1f / 6 : 0.2f),
                    OnnxAttributes.real("beta", 0.5f));
            case "gelu" -> node(name, "Gelu", List.of(x));
            default -> throw new IllegalArgumentException("uses activation '" + function + "'; Graft rebuilds linear, relu, relu6,"
                    + " sigmoid, tanh, softmax, swish/silu, hard_sigmoid and gelu.");
        };
    }

    private static boolean hasActivation(JsonNode c) {
        return !c.path("activation").asText("linear").equals("linear");
    }

    private int zeroPadding(String name, String x, long[] p) {
        return node(name, "Pad", List.of(x, constant(name + ".pads", longs(0, 0, p[0], p[2], 0, 0, p[1], p[3]))), 4,
                OnnxAttributes.string("mode", "constant"));
    }

    private int cropping(String name, String x, long[] p) {
        long end = Long.MAX_VALUE;
        return node(name, "Slice", List.of(x, constant(name + ".starts", longs(p[0], p[2])),
                constant(name + ".ends", longs(p[1] == 0 ? end : -p[1], p[3] == 0 ? end : -p[3])), constant(name + ".axes", longs(2, 3))), 4);
    }

    private int upSampling(String name, String x, JsonNode c) {
        if (!c.path("interpolation").asText("nearest").equals("nearest")) {
            throw new IllegalArgumentException("interpolates '" + c.get("interpolation").asText() + "'; Graft rebuilds nearest upsampling.");
        }
        long[] size = ints(c.get("size"), 2);
        return node(name, "Resize", List.of(x, constant(name + ".roi", new TensorData(new long[] {0}, new float[0])),
                constant(name + ".scales", new TensorData(new long[] {4}, new float[] {1, 1, size[0], size[1]}))), 4,
                OnnxAttributes.string("mode", "nearest"), OnnxAttributes.string("coordinate_transformation_mode", "asymmetric"),
                OnnxAttributes.string("nearest_mode", "floor"));
    }

    private int merge(String name, List<String> in, String op, int rank) {
        String acc = in.get(0);
        for (int i = 1; i < in.size(); i++) {
            acc = node(i == in.size() - 1 ? name : name + "/" + op + i, op, List.of(acc, in.get(i)));
            ranks.put(acc, rank);
        }
        return rank;
    }

    private int pool(String name, String x, JsonNode c, String op) {
        long[] k = ints(c.has("pool_size") ? c.get("pool_size") : c.get("pool_length"), 2);
        long[] s = c.hasNonNull("strides") ? ints(c.get("strides"), 1) : k;
        String mode = c.has("padding") ? c.get("padding").asText() : c.path("border_mode").asText("valid");
        List<Onnx.AttributeProto> attributes = new ArrayList<>(List.of(OnnxAttributes.ints("kernel_shape", k),
                OnnxAttributes.ints("strides", s), padding(mode, k, s)));
        if (op.equals("AveragePool")) {
            attributes.add(OnnxAttributes.integer("count_include_pad", 0));
        }
        return node(name, op, List.of(x), 4, attributes.toArray(Onnx.AttributeProto[]::new));
    }

    private int globalPool(String name, String x, JsonNode c, String op) {
        if (c.path("keepdims").asBoolean(false)) {
            return node(name, op, List.of(x), 4);
        }
        String pooled = node(name + "/" + op, op, List.of(x));
        return node(name, "Flatten", List.of(pooled), 2, OnnxAttributes.integer("axis", 1));
    }

    private int flatten(String name, String x, int rank) {
        String y = rank >= 4 ? node(name + "/Transpose", "Transpose", List.of(x), OnnxAttributes.ints("perm", toChannelsLast(rank))) : x;
        return node(name, "Flatten", List.of(y), 2, OnnxAttributes.integer("axis", 1));
    }

    private int reshape(String name, String x, int rank, JsonNode target) {
        String y = rank >= 4 ? node(name + "/Transpose", "Transpose", List.of(x), OnnxAttributes.ints("perm", toChannelsLast(rank))) : x;
        long[] dims = new long[target.size() + 1];
        for (int i = 0; i < target.size(); i++) {
            dims[i + 1] = target.get(i).asLong();
        }
        int outRank = dims.length;
        String shaped = node(outRank >= 4 ? name + "/Reshape" : name, "Reshape", List.of(y, constant(name + ".shape", longs(dims))));
        if (outRank < 4) {
            return outRank;
        }
        long[] perm = new long[outRank];
        perm[1] = outRank - 1;
        for (int i = 2; i < outRank; i++) {
            perm[i] = i - 1;
        }
        return node(name, "Transpose", List.of(shaped), outRank, OnnxAttributes.ints("perm", perm));
    }

    private int rescaling(String name, String x, JsonNode c, int rank) {
        float[] scale = floats(c.get("scale"));
        float[] offset = c.has("offset") ? floats(c.get("offset")) : new float[] {0f};
        String scaled = node(name + "/Mul", "Mul", List.of(x, constant(name + ".scale", perChannel(scale, rank))));
        ranks.put(scaled, rank);
        return node(name, "Add", List.of(scaled, constant(name + ".offset", perChannel(offset, rank))), rank);
    }

    // ---- helpers

    /** Gives the layer's last node the layer's name (an Identity when an activation-free layer ended on an earlier node). */
    private int finish(String name, String last, int rank) {
        if (!last.equals(name)) {
            node(name, "Identity", List.of(last));
        }
        return rank;
    }

    private int node(String name, String op, List<String> inputs, int rank, Onnx.AttributeProto... attributes) {
        node(name, op, inputs, attributes);
        return rank;
    }

    private String node(String name, String op, List<String> inputs, Onnx.AttributeProto... attributes) {
        nodes.add(Onnx.NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(inputs).addOutput(name)
                .addAllAttribute(Arrays.asList(attributes)).build());
        return name;
    }

    private String constant(String name, TensorData data) {
        initializers.put(name, data);
        return name;
    }

    private int rank(String tensor) {
        Integer r = ranks.get(tensor);
        if (r == null) {
            throw new IllegalArgumentException("reads tensor '" + tensor + "', which no earlier layer made.");
        }
        return r;
    }

    /** Keras axis → Graft axis: the last (channel) axis of a map is axis 1, the spatial ones move up by one. */
    static int axis(int keras, int rank) {
        int a = keras < 0 ? keras + rank : keras;
        if (rank < 4 || a == 0) {
            return a;
        }
        return a == rank - 1 ? 1 : a + 1;
    }

    private static long[] toChannelsLast(int rank) {
        long[] perm = new long[rank];
        for (int i = 1; i < rank - 1; i++) {
            perm[i] = i + 1;
        }
        perm[rank - 1] = 1;
        return perm;
    }

    /** The layer's weights in the file's order; with names given, each one is looked up by short name first. */
    private List<KerasWeight> weightsOf(KerasLayerCall call, String... names) throws WeightImportException {
        List<KerasWeight> found = weights.get(call.path());
        if (found == null) {
            found = weights.get(call.name());
        }
        if (found == null) {
            found = weights.get(call.path().substring(call.path().lastIndexOf('/') + 1));
        }
        if (found == null || found.isEmpty()) {
            throw new WeightImportException(origin + ": " + call.describe() + " has no weights in the file; layers with weights there: "
                    + weights.keySet() + ".");
        }
        if (names.length == 0) {
            return found;
        }
        List<KerasWeight> ordered = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            String wanted = names[i];
            KerasWeight byName = found.stream().filter(w -> w.name().equals(wanted)).findFirst().orElse(null);
            if (byName != null) {
                ordered.add(byName);
            } else if (i < found.size() && found.stream().noneMatch(w -> Arrays.asList(names).contains(w.name()))) {
                ordered.add(found.get(i)); // Keras 1 names (conv_W, conv_b): the file's order
            }
        }
        if (ordered.isEmpty()) {
            throw new WeightImportException(origin + ": " + call.describe() + " has weights " + found.stream().map(KerasWeight::path).toList()
                    + "; expected " + Arrays.toString(names) + ".");
        }
        return ordered;
    }

    private void requireRank(KerasWeight w, int rank) {
        if (w.shape().length != rank) {
            throw new IllegalArgumentException("weight " + w.path() + " has shape " + Arrays.toString(w.shape()) + "; expected rank " + rank + ".");
        }
    }

    private static TensorData data(KerasWeight w) {
        return new TensorData(w.shape(), w.values());
    }

    /** {@code (kh, kw, in, out)} → {@code (out, in, kh, kw)}. */
    static TensorData hwioToOihw(KerasWeight w) {
        long[] s = w.shape();
        int kh = (int) s[0], kw = (int) s[1], in = (int) s[2], out = (int) s[3];
        float[] v = w.values();
        float[] r = new float[v.length];
        for (int h = 0; h < kh; h++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        r[((o * in + i) * kh + h) * kw + x] = v[((h * kw + x) * in + i) * out + o];
                    }
                }
            }
        }
        return new TensorData(new long[] {out, in, kh, kw}, r);
    }

    /** Depthwise {@code (kh, kw, in, mult)} → {@code (in·mult, 1, kh, kw)}: output channel {@code c·mult + m}, as TensorFlow orders them. */
    static TensorData depthwiseToOihw(KerasWeight w) {
        long[] s = w.shape();
        int kh = (int) s[0], kw = (int) s[1], in = (int) s[2], mult = (int) s[3];
        float[] v = w.values();
        float[] r = new float[v.length];
        for (int h = 0; h < kh; h++) {
            for (int x = 0; x < kw; x++) {
                for (int c = 0; c < in; c++) {
                    for (int m = 0; m < mult; m++) {
                        r[((c * mult + m) * kh + h) * kw + x] = v[((h * kw + x) * in + c) * mult + m];
                    }
                }
            }
        }
        return new TensorData(new long[] {(long) in * mult, 1, kh, kw}, r);
    }

    /** A per-position tensor {@code (d1, …, dk, c)} → {@code (c, d1, …, dk)}. */
    private static TensorData channelsFirst(TensorData t) {
        long[] s = t.shape();
        int channels = (int) s[s.length - 1];
        int positions = t.values().length / channels;
        float[] out = new float[t.values().length];
        for (int p = 0; p < positions; p++) {
            for (int c = 0; c < channels; c++) {
                out[c * positions + p] = t.values()[p * channels + c];
            }
        }
        long[] shape = new long[s.length];
        shape[0] = channels;
        System.arraycopy(s, 0, shape, 1, s.length - 1);
        return new TensorData(shape, out);
    }

    /** A scalar, or one value per channel shaped to broadcast over the channel axis ({@code [C, 1, 1]} on maps). */
    private static TensorData perChannel(float[] values, int rank) {
        if (values.length == 1) {
            return scalar(values[0]);
        }
        long[] shape = new long[Math.max(1, rank - 1)];
        Arrays.fill(shape, 1);
        shape[rank >= 4 ? 0 : shape.length - 1] = values.length;
        return new TensorData(shape, values);
    }

    private static TensorData scalar(float value) {
        return new TensorData(new long[0], new float[] {value});
    }

    private static TensorData filled(int n, float value) {
        float[] v = new float[n];
        Arrays.fill(v, value);
        return new TensorData(new long[] {n}, v);
    }

    private static TensorData longs(long... values) {
        float[] v = new float[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i] == Long.MAX_VALUE ? Float.MAX_VALUE : values[i];
        }
        return new TensorData(new long[] {values.length}, v);
    }

    private static float[] floats(JsonNode node) {
        if (node.isNumber()) {
            return new float[] {(float) node.asDouble()};
        }
        List<Float> out = new ArrayList<>();
        flattenNumbers(node, out);
        float[] v = new float[out.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = out.get(i);
        }
        return v;
    }

    private static void flattenNumbers(JsonNode node, List<Float> out) {
        if (node.isNumber()) {
            out.add((float) node.asDouble());
        } else {
            node.forEach(n -> flattenNumbers(n, out));
        }
    }

    /** An int or a pair of ints per spatial axis ({@code 2} or {@code [2, 3]}). */
    private static long[] ints(JsonNode node, long fallback) {
        if (node == null || node.isNull()) {
            return new long[] {fallback, fallback};
        }
        if (node.isNumber()) {
            return new long[] {node.asLong(), node.asLong()};
        }
        return new long[] {node.get(0).asLong(), node.get(1).asLong()};
    }

    /** Padding or cropping as {top, bottom, left, right}: {@code 1}, {@code [1, 2]} (symmetric per axis) or {@code [[t, b], [l, r]]}. */
    private static long[] pairs(JsonNode node, long fallback) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return new long[] {fallback, fallback, fallback, fallback};
        }
        if (node.isNumber()) {
            long p = node.asLong();
            return new long[] {p, p, p, p};
        }
        JsonNode h = node.get(0);
        JsonNode w = node.get(1);
        long[] vertical = h.isArray() ? new long[] {h.get(0).asLong(), h.get(1).asLong()} : new long[] {h.asLong(), h.asLong()};
        long[] horizontal = w.isArray() ? new long[] {w.get(0).asLong(), w.get(1).asLong()} : new long[] {w.asLong(), w.asLong()};
        return new long[] {vertical[0], vertical[1], horizontal[0], horizontal[1]};
    }
}
