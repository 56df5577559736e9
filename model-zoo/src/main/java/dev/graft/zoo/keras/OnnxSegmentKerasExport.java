package dev.graft.zoo.keras;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.zoo.onnx.OnnxNode;
import dev.graft.zoo.onnx.OnnxSegment;
import dev.graft.zoo.onnx.proto.Onnx;
import dev.graft.zoo.weights.TensorData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a segment imported from an ONNX file ({@code --arch onnx}, or lowered from a Keras model by
 * Graft's Keras import) as Keras layers, node by node,
 * with the weights its blocks hold now: Conv, BatchNormalization and Gemm through their blocks'
 * exports; Relu; Clip to [0, 6] or [0, ∞); Add, Mul and Sub of equal shapes; Concat on the channel
 * axis; MaxPool and AveragePool; GlobalAveragePool (whose {@code [N, C, 1, 1]} is Keras's
 * {@code [N, C]}); Flatten and Reshape to {@code [N, −1]} (a {@code Flatten} whose Dense takes its
 * rows permuted, see {@link KerasTensor}); a Transpose to NHWC read only by a flatten (Keras's own order,
 * rows kept); a constant zero Pad of the spatial axes; GlobalMaxPool; LeakyRelu, Tanh,
 * Sigmoid, Keras's hard sigmoid (alpha 0.2, beta 0.5),
 * Softmax over the last axis of a vector; Dropout and Identity as nothing. Any other node is
 * refused by operator and name.
 */
final class OnnxSegmentKerasExport {

    private OnnxSegmentKerasExport() {}

    static KerasTensor segment(OnnxSegment segment, String name, KerasTensor x, KerasExportContext c) {
        Map<String, KerasTensor> tensors = new HashMap<>();
        KerasTensor last = x;
        for (OnnxNode node : segment.nodes()) {
            List<KerasTensor> in = node.inputs().stream().map(i -> tensors.getOrDefault(i, x)).toList();
            String nodeName = BuiltInKerasLayerExports.join(name, OnnxSegment.childName(node));
            last = node(node, nodeName, in, c);
            tensors.put(node.output(), last);
        }
        return last;
    }

    private static KerasTensor node(OnnxNode node, String name, List<KerasTensor> in, KerasExportContext c) {
        KerasTensor x = in.get(0);
        if (in.stream().anyMatch(KerasTensor::channelsLast)) {
            return switch (node.op()) {
                case "Dropout", "Identity" -> x;
                case "Flatten" -> flattenChannelsLast(name, x, c);
                case "Reshape" -> flattening(node) ? flattenChannelsLast(name, x, c) : refuse(node, name, "of a channels-last transpose");
                default -> refuse(node, name, "of a channels-last transpose (only a flatten may read one)");
            };
        }
        return switch (node.op()) {
            case "Conv", "BatchNormalization", "Gemm" -> c.emit(node.block(), name, x);
            case "Dropout", "Identity" -> x;
            case "Relu" -> BuiltInKerasLayerExports.relu(name, x, null, c);
            case "LeakyRelu" -> c.layer("LeakyReLU", c.config(name).put("alpha", (double) real(node, "alpha", 0.01f)), List.of(x),
                    x.shape(), false);
            case "Tanh" -> activation(name, x, "tanh", c);
            case "Pad" -> pad(node, name, x, c);
            case "Transpose" -> x.shape().dimension() == 4 && java.util.Arrays.equals(ints(node, "perm"), new long[] {0, 2, 3, 1})
                    ? new KerasTensor(x.layer(), x.shape(), x.nonNegative(), null, true)
                    : refuse(node, name, "other than NCHW to NHWC before a flatten");
            case "GlobalMaxPool" -> x.shape().dimension() == 4
                    ? c.layer("GlobalMaxPooling2D", c.config(name).put("data_format", "channels_last"), List.of(x),
                            new Shape(x.shape().get(0), x.shape().get(1)), x.nonNegative())
                    : refuse(node, name, "on a " + x.shape() + " tensor");
            case "Clip" -> clip(node, name, x, c);
            case "Add", "Mul", "Sub" -> merge(node, name, in, c);
            case "Concat" -> concat(node, name, in, c);
            case "MaxPool" -> maxPool(node, name, x, c);
            case "AveragePool" -> averagePool(node, name, x, c);
            case "GlobalAveragePool" -> x.shape().dimension() == 4
                    ? c.layer("GlobalAveragePooling2D", c.config(name).put("data_format", "channels_last"), List.of(x),
                            new Shape(x.shape().get(0), x.shape().get(1)), x.nonNegative())
                    : refuse(node, name, "on a " + x.shape() + " tensor");
            case "Flatten" -> flatten(name, x, c);
            case "Reshape" -> flattening(node) ? flatten(name, x, c) : refuse(node, name, "to a shape other than [N, -1]");
            case "Sigmoid" -> activation(name, x, "sigmoid", c);
            case "HardSigmoid" -> real(node, "alpha", 0.2f) == 0.2f && real(node, "beta", 0.5f) == 0.5f
                    ? activation(name, x, "hard_sigmoid", c) : refuse(node, name, "with alpha/beta other than Keras's 0.2/0.5");
            case "Softmax" -> x.shape().dimension() == 2 && (integer(node, "axis", -1) == -1 || integer(node, "axis", -1) == 1)
                    ? activation(name, x, "softmax", c) : refuse(node, name, "other than over the last axis of a vector");
            default -> refuse(node, name, "(no Keras layer mapping)");
        };
    }

    private static KerasTensor clip(OnnxNode node, String name, KerasTensor x, KerasExportContext c) {
        float min = bound(node, 1, "min", Float.NEGATIVE_INFINITY);
        float max = bound(node, 2, "max", Float.POSITIVE_INFINITY);
        if (min != 0f || !(max == 6f || max == Float.POSITIVE_INFINITY || max == Float.MAX_VALUE)) {
            return refuse(node, name, "to [" + min + ", " + max + "] (Keras's ReLU clips to [0, max])");
        }
        return BuiltInKerasLayerExports.relu(name, x, max == 6f ? 6.0 : null, c);
    }

    private static KerasTensor merge(OnnxNode node, String name, List<KerasTensor> in, KerasExportContext c) {
        if (in.size() != 2 || !in.get(0).shape().equals(in.get(1).shape())) {
            return refuse(node, name, "with broadcasting (Keras's Add and Multiply take equal shapes)");
        }
        String className = switch (node.op()) {
            case "Add" -> "Add";
            case "Mul" -> "Multiply";
            default -> "Subtract";
        };
        return c.layer(className, c.config(name), in, in.get(0).shape(),
                !className.equals("Subtract") && in.get(0).nonNegative() && in.get(1).nonNegative());
    }

    private static KerasTensor concat(OnnxNode node, String name, List<KerasTensor> in, KerasExportContext c) {
        long axis = integer(node, "axis", 1);
        int rank = in.get(0).shape().dimension();
        if (axis != 1 && axis != 1 - rank) {
            return refuse(node, name, "along axis " + axis + " (only the channel axis maps onto Keras's last axis)");
        }
        long[] out = in.get(0).shape().getShape().clone();
        out[1] = in.stream().mapToLong(t -> t.shape().get(1)).sum();
        return c.layer("Concatenate", c.config(name).put("axis", -1), in, new Shape(out), in.stream().allMatch(KerasTensor::nonNegative));
    }

    private static KerasTensor maxPool(OnnxNode node, String name, KerasTensor x, KerasExportContext c) {
        long[] k = ints(node, "kernel_shape");
        long[] s = ints(node, "strides", 1, 1);
        long[] p = ints(node, "pads", 0, 0, 0, 0);
        if (p[0] != p[2] || p[1] != p[3] || !allOnes(ints(node, "dilations", 1, 1))) {
            return refuse(node, name, "with asymmetric padding or dilation");
        }
        boolean ceil = integer(node, "ceil_mode", 0) == 1;
        Shape out = new Shape(x.shape().get(0), x.shape().get(1), pooled(x.shape().get(2), k[0], s[0], p[0], ceil),
                pooled(x.shape().get(3), k[1], s[1], p[1], ceil));
        return BuiltInKerasLayerExports.maxPool(node.op() + " node '" + node.name() + "'", name, x, k, s, new long[] {p[0], p[1]}, out, c);
    }

    private static KerasTensor averagePool(OnnxNode node, String name, KerasTensor x, KerasExportContext c) {
        long[] k = ints(node, "kernel_shape");
        long[] s = ints(node, "strides", 1, 1);
        long[] p = ints(node, "pads", 0, 0, 0, 0);
        long h = x.shape().get(2);
        long w = x.shape().get(3);
        if (java.util.Arrays.stream(p).anyMatch(v -> v != 0) || integer(node, "ceil_mode", 0) == 1 && ((h - k[0]) % s[0] != 0
                || (w - k[1]) % s[1] != 0)) {
            return refuse(node, name, "with padding or a partial last window (Keras averages over valid windows only)");
        }
        Shape out = new Shape(x.shape().get(0), x.shape().get(1), pooled(h, k[0], s[0], 0, false), pooled(w, k[1], s[1], 0, false));
        return BuiltInKerasLayerExports.pool(c, "AveragePooling2D", name, x, k, s, out);
    }

    /** PyTorch's pooled size, with ceil mode's rule that the last window must start inside the padded input. */
    private static long pooled(long size, long kernel, long stride, long pad, boolean ceil) {
        long span = size + 2 * pad - kernel;
        long out = (ceil ? Math.floorDiv(span + stride - 1, stride) : Math.floorDiv(span, stride)) + 1;
        return ceil && (out - 1) * stride >= size + pad ? out - 1 : out;
    }

    private static KerasTensor flatten(String name, KerasTensor x, KerasExportContext c) {
        if (x.shape().dimension() == 2) {
            return x;
        }
        Shape s = x.shape();
        KerasTensor flat = c.layer("Flatten", c.config(name).put("data_format", "channels_last"), List.of(x),
                new Shape(s.get(0), s.size() / s.get(0)), x.nonNegative());
        return s.get(2) * s.get(3) == 1 ? flat : new KerasTensor(flat.layer(), flat.shape(), flat.nonNegative(), s, false);
    }

    /** A channels-last view flattened: Keras's own (h, w, c) order, so the Dense reading it keeps its rows. */
    private static KerasTensor flattenChannelsLast(String name, KerasTensor x, KerasExportContext c) {
        Shape s = x.shape();
        return c.layer("Flatten", c.config(name).put("data_format", "channels_last"), List.of(x),
                new Shape(s.get(0), s.size() / s.get(0)), x.nonNegative());
    }

    /** A constant zero padding of the two spatial axes only (ONNX pads: begins of N, C, H, W, then ends) as ZeroPadding2D. */
    private static KerasTensor pad(OnnxNode node, String name, KerasTensor x, KerasExportContext c) {
        TensorData pads = node.constants().get(1);
        TensorData value = node.constants().get(2);
        String mode = node.attributes().containsKey("mode") ? node.attributes().get("mode").getS().toStringUtf8() : "constant";
        float[] p = pads == null ? null : pads.values();
        if (x.shape().dimension() != 4 || p == null || p.length != 8 || p[0] != 0 || p[1] != 0 || p[4] != 0 || p[5] != 0
                || !mode.equals("constant") || value != null && value.values()[0] != 0f
                || Math.min(Math.min(p[2], p[3]), Math.min(p[6], p[7])) < 0) {
            return refuse(node, name, "other than a constant zero padding of the spatial axes");
        }
        ObjectNode config = c.config(name);
        var padding = config.putArray("padding");
        padding.addArray().add((long) p[2]).add((long) p[6]);
        padding.addArray().add((long) p[3]).add((long) p[7]);
        config.put("data_format", "channels_last");
        Shape s = x.shape();
        return c.layer("ZeroPadding2D", config, List.of(x), new Shape(s.get(0), s.get(1), s.get(2) + (long) (p[2] + p[6]),
                s.get(3) + (long) (p[3] + p[7])), x.nonNegative());
    }

    /** Whether a Reshape's constant target is {@code [N or 0 or −1, −1]}, a flattening. */
    private static boolean flattening(OnnxNode node) {
        TensorData target = node.constants().get(1);
        return target != null && target.values().length == 2 && target.values()[1] == -1f;
    }

    private static KerasTensor activation(String name, KerasTensor x, String function, KerasExportContext c) {
        ObjectNode config = c.config(name).put("activation", function);
        return c.layer("Activation", config, List.of(x), x.shape(), !function.equals("linear"));
    }

    private static boolean allOnes(long[] values) {
        return java.util.Arrays.stream(values).allMatch(v -> v == 1);
    }

    private static long[] ints(OnnxNode node, String attribute, long... fallback) {
        Onnx.AttributeProto a = node.attributes().get(attribute);
        return a == null ? fallback : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    private static long integer(OnnxNode node, String attribute, long fallback) {
        Onnx.AttributeProto a = node.attributes().get(attribute);
        return a == null ? fallback : a.getI();
    }

    private static float real(OnnxNode node, String attribute, float fallback) {
        Onnx.AttributeProto a = node.attributes().get(attribute);
        return a == null ? fallback : a.getF();
    }

    private static float bound(OnnxNode node, int input, String attribute, float fallback) {
        TensorData constant = node.constants().get(input);
        return constant != null ? constant.values()[0] : real(node, attribute, fallback);
    }

    private static KerasTensor refuse(OnnxNode node, String name, String what) {
        throw new UnsupportedOperationException("cannot export the ONNX node '" + node.name() + "' (" + node.op() + " " + what + ") at '"
                + name + "' to TensorFlow.js; use --format onnx.");
    }
}
