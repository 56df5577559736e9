package dev.graft.zoo.keras;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.zoo.nn.AvgPool;
import dev.graft.zoo.nn.DenseConcat;
import dev.graft.zoo.nn.Fire;
import dev.graft.zoo.nn.GlobalAveragePool;
import dev.graft.zoo.nn.Layers;
import dev.graft.zoo.nn.MaxPool;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.nn.Residual;
import java.util.List;

/**
 * The writers of the block types {@link KerasLayerExports} registers, as Keras layers in
 * channels-last layout: named sequences, residual units ({@code Add}), Fire modules and dense
 * concatenations ({@code Concatenate} on the channel axis), convolutions ({@code Conv2D}, or
 * {@code DepthwiseConv2D} when every input channel is its own group; PyTorch's symmetric padding
 * becomes {@code ZeroPadding2D} and a {@code valid} convolution, or {@code same} where the two
 * agree), BatchNorm (each block's own epsilon), linear layers ({@code Dense}), max / average /
 * global average pooling, ReLU and ReLU6 ({@code ReLU} with {@code max_value 6}). Kernels go from
 * OIHW to HWIO, depthwise kernels from {@code (C·m, 1, kh, kw)} to {@code (kh, kw, C, m)}, linear
 * weights from {@code (out, in)} to {@code (in, out)}, with the rows of a Dense that reads a
 * flattened map permuted from Graft's (c, h, w) order to Keras's (h, w, c).
 */
final class BuiltInKerasLayerExports {

    private BuiltInKerasLayerExports() {}

    static KerasTensor sequence(NamedSequential sequence, String name, KerasTensor x, KerasExportContext c) {
        for (String child : sequence.names()) {
            x = c.emit(sequence.child(child), join(name, child), x);
        }
        return x;
    }

    static KerasTensor residual(Residual residual, String name, KerasTensor x, KerasExportContext c) {
        KerasTensor body = x;
        for (String child : residual.bodyNames()) {
            body = c.emit(residual.getChildren().get(child), join(name, child), body);
        }
        KerasTensor shortcut = residual.shortcut() == null ? x : c.emit(residual.shortcut(), join(name, "downsample"), x);
        KerasTensor sum = c.layer("Add", c.config(join(name, "add")), List.of(body, shortcut), body.shape(), false);
        return residual.finalRelu() ? relu(join(name, "add_relu"), sum, null, c) : sum;
    }

    static KerasTensor fire(Fire fire, String name, KerasTensor x, KerasExportContext c) {
        KerasTensor squeezed = relu(join(name, "squeeze_activation"), c.emit(fire.getChildren().get("squeeze"), join(name, "squeeze"), x), null, c);
        KerasTensor a = relu(join(name, "expand1x1_activation"),
                c.emit(fire.getChildren().get("expand1x1"), join(name, "expand1x1"), squeezed), null, c);
        KerasTensor b = relu(join(name, "expand3x3_activation"),
                c.emit(fire.getChildren().get("expand3x3"), join(name, "expand3x3"), squeezed), null, c);
        return concatenate(join(name, "concat"), a, b, c);
    }

    static KerasTensor denseConcat(DenseConcat dense, String name, KerasTensor x, KerasExportContext c) {
        return concatenate(join(name, "concat"), x, sequence(dense, name, x, c), c);
    }

    private static KerasTensor concatenate(String name, KerasTensor a, KerasTensor b, KerasExportContext c) {
        Shape s = a.shape();
        Shape out = new Shape(s.get(0), s.get(1) + b.shape().get(1), s.get(2), s.get(3));
        ObjectNode config = c.config(name).put("axis", -1);
        return c.layer("Concatenate", config, List.of(a, b), out, a.nonNegative() && b.nonNegative());
    }

    static KerasTensor convolution(Convolution conv, String name, KerasTensor x, KerasExportContext c) {
        requireMap(conv, name, x);
        long[] k = conv.getKernelShape().getShape();
        long[] s = conv.getStride().getShape();
        long[] p = conv.getPadding().getShape();
        long[] d = conv.getDilation().getShape();
        long[] w = conv.getParameters().get("weight").getArray().getShape().getShape();
        long in = x.shape().get(1);
        boolean depthwise = conv.getGroups() > 1 && conv.getGroups() == in && w[1] == 1;
        if (conv.getGroups() != 1 && !depthwise) {
            throw refuse(conv, name, "a convolution in " + conv.getGroups() + " groups of " + w[1]
                    + " channels (Keras has Conv2D and DepthwiseConv2D only)");
        }
        if ((d[0] != 1 || d[1] != 1) && (s[0] != 1 || s[1] != 1)) {
            throw refuse(conv, name, "a dilated convolution with stride > 1 (TensorFlow.js cannot run one)");
        }
        boolean same = s[0] == 1 && s[1] == 1 && d[0] == 1 && d[1] == 1 && k[0] % 2 == 1 && k[1] % 2 == 1
                && p[0] == k[0] / 2 && p[1] == k[1] / 2;
        KerasTensor padded = x;
        if (!same && (p[0] > 0 || p[1] > 0)) {
            padded = zeroPadding(join(name, "pad"), x, p[0], p[0], p[1], p[1], c);
        }
        Shape out = conv.getOutputShapes(new Shape[] {x.shape()})[0];
        ObjectNode config = c.config(name);
        if (!depthwise) {
            config.put("filters", w[0]);
        }
        pair(config, "kernel_size", k);
        pair(config, "strides", s);
        config.put("padding", same ? "same" : "valid").put("data_format", "channels_last");
        pair(config, "dilation_rate", d);
        if (depthwise) {
            config.put("depth_multiplier", w[0] / in);
        }
        config.put("activation", "linear").put("use_bias", conv.isIncludeBias());
        float[] weight = c.parameter(conv, "weight");
        KerasWeightValues kernel = depthwise
                ? new KerasWeightValues("depthwise_kernel", new long[] {k[0], k[1], in, w[0] / in}, toHwio(weight, w, true))
                : new KerasWeightValues("kernel", new long[] {k[0], k[1], w[1], w[0]}, toHwio(weight, w, false));
        String className = depthwise ? "DepthwiseConv2D" : "Conv2D";
        return conv.isIncludeBias()
                ? c.layer(className, config, List.of(padded), out, false, kernel,
                        new KerasWeightValues("bias", new long[] {w[0]}, c.parameter(conv, "bias")))
                : c.layer(className, config, List.of(padded), out, false, kernel);
    }

    /**
     * OIHW to HWIO; for a depthwise kernel {@code (C·m, 1, kh, kw)} the output channel {@code o = c·m + j}
     * lands at {@code (kh, kw, c, j)}, which in row-major order is again position {@code o} of the last
     * {@code C·m} values, so the same permutation serves both.
     */
    private static float[] toHwio(float[] oihw, long[] shape, boolean depthwise) {
        int o = (int) shape[0];
        int i = depthwise ? 1 : (int) shape[1];
        int kh = (int) shape[2];
        int kw = (int) shape[3];
        float[] hwio = new float[oihw.length];
        for (int a = 0; a < o; a++) {
            for (int b = 0; b < i; b++) {
                for (int y = 0; y < kh; y++) {
                    for (int z = 0; z < kw; z++) {
                        hwio[((y * kw + z) * i + b) * o + a] = oihw[((a * i + b) * kh + y) * kw + z];
                    }
                }
            }
        }
        return hwio;
    }

    static KerasTensor batchNorm(BatchNorm block, String name, KerasTensor x, KerasExportContext c) {
        ObjectNode config = c.config(name).put("axis", -1).put("momentum", 0.99).put("epsilon", (double) Layers.epsilon(block))
                .put("center", true).put("scale", true);
        long[] channels = {x.shape().get(1)};
        return c.layer("BatchNormalization", config, List.of(x), x.shape(), false,
                new KerasWeightValues("gamma", channels, c.parameter(block, "gamma")),
                new KerasWeightValues("beta", channels, c.parameter(block, "beta")),
                new KerasWeightValues("moving_mean", channels, c.parameter(block, "runningMean")),
                new KerasWeightValues("moving_variance", channels, c.parameter(block, "runningVar")));
    }

    static KerasTensor linear(Linear block, String name, KerasTensor x, KerasExportContext c) {
        if (x.shape().dimension() != 2) {
            throw refuse(block, name, "a linear layer on a " + x.shape() + " tensor (only [N, C] vectors map onto Dense)");
        }
        long[] w = block.getParameters().get("weight").getArray().getShape().getShape();
        float[] weight = c.parameter(block, "weight");
        float[] kernel = new float[weight.length];
        int[] row = kerasRowOf((int) w[1], x.flattenedFrom());
        for (int o = 0; o < w[0]; o++) {
            for (int i = 0; i < w[1]; i++) {
                kernel[(int) (row[i] * w[0] + o)] = weight[(int) (o * w[1] + i)];
            }
        }
        boolean bias = block.getParameters().contains("bias");
        ObjectNode config = c.config(name).put("units", w[0]).put("activation", "linear").put("use_bias", bias);
        Shape out = new Shape(x.shape().get(0), w[0]);
        KerasWeightValues k = new KerasWeightValues("kernel", new long[] {w[1], w[0]}, kernel);
        return bias ? c.layer("Dense", config, List.of(x), out, false, k, new KerasWeightValues("bias", new long[] {w[0]}, c.parameter(block, "bias")))
                : c.layer("Dense", config, List.of(x), out, false, k);
    }

    static KerasTensor maxPool(MaxPool pool, String name, KerasTensor x, KerasExportContext c) {
        requireMap(pool, name, x);
        long k = pool.kernel();
        long st = pool.stride();
        long p = pool.padding();
        return maxPool(pool.getClass().getSimpleName() + " at '" + name + "'", name, x, new long[] {k, k}, new long[] {st, st},
                new long[] {p, p}, pool.getOutputShapes(new Shape[] {x.shape()})[0], c);
    }

    /**
     * Where each of Graft's input features sits in Keras's: the identity, except after a Flatten of
     * a {@code [C, H, W]} map, where Graft's feature {@code c·H·W + h·W + w} is Keras's {@code (h·W + w)·C + c}.
     */
    private static int[] kerasRowOf(int features, Shape map) {
        int[] row = new int[features];
        for (int i = 0; i < features; i++) {
            row[i] = i;
        }
        if (map != null) {
            int channels = (int) map.get(1);
            int plane = (int) (map.get(2) * map.get(3));
            for (int i = 0; i < features; i++) {
                row[i] = (i % plane) * channels + i / plane;
            }
        }
        return row;
    }

    /**
     * Max pooling. PyTorch pads with −∞ and, in ceil mode, lets the last window hang over the
     * edge; a zero padding (before a {@code valid} pool) is the same when the input is ≥ 0, as it
     * is after a ReLU, so that is the case written; other padded pools are refused.
     *
     * @param what the pool, for the refusal
     * @param name the layer's name
     * @param x its input, a map
     * @param k the window (height, width)
     * @param s the strides
     * @param p the padding on each side (height, width)
     * @param out the pooled shape as PyTorch computes it
     * @param c the context
     * @return its output
     */
    static KerasTensor maxPool(String what, String name, KerasTensor x, long[] k, long[] s, long[] p, Shape out, KerasExportContext c) {
        long extraH = (out.get(2) - 1) * s[0] + k[0] - (x.shape().get(2) + 2 * p[0]);
        long extraW = (out.get(3) - 1) * s[1] + k[1] - (x.shape().get(3) + 2 * p[1]);
        KerasTensor padded = x;
        if (p[0] > 0 || p[1] > 0 || extraH > 0 || extraW > 0) {
            if (!x.nonNegative()) {
                throw new UnsupportedOperationException("cannot export " + what + " to TensorFlow.js: a padded max pool on values that"
                        + " may be negative (Keras pads with zeros, PyTorch with -inf); use --format onnx.");
            }
            padded = zeroPadding(join(name, "pad"), x, p[0], p[0] + Math.max(extraH, 0), p[1], p[1] + Math.max(extraW, 0), c);
        }
        return pool(c, "MaxPooling2D", name, padded, k, s, out);
    }

    static KerasTensor avgPool(AvgPool pool, String name, KerasTensor x, KerasExportContext c) {
        requireMap(pool, name, x);
        long[] k = {pool.kernel(), pool.kernel()};
        return pool(c, "AveragePooling2D", name, x, k, k, pool.getOutputShapes(new Shape[] {x.shape()})[0]);
    }

    static KerasTensor pool(KerasExportContext c, String className, String name, KerasTensor x, long[] kernel, long[] stride, Shape out) {
        ObjectNode config = c.config(name);
        pair(config, "pool_size", kernel);
        pair(config, "strides", stride);
        config.put("padding", "valid").put("data_format", "channels_last");
        return c.layer(className, config, List.of(x), out, x.nonNegative());
    }

    static KerasTensor globalAveragePool(GlobalAveragePool block, String name, KerasTensor x, KerasExportContext c) {
        requireMap(block, name, x);
        return c.layer("GlobalAveragePooling2D", c.config(name).put("data_format", "channels_last"), List.of(x),
                new Shape(x.shape().get(0), x.shape().get(1)), x.nonNegative());
    }

    /**
     * A Keras {@code ReLU} layer.
     *
     * @param name the layer's name
     * @param x its input
     * @param maxValue the cap (6 for ReLU6), or {@code null} for none
     * @param c the context
     * @return its output
     */
    static KerasTensor relu(String name, KerasTensor x, Double maxValue, KerasExportContext c) {
        ObjectNode config = c.config(name);
        if (maxValue == null) {
            config.putNull("max_value");
        } else {
            config.put("max_value", maxValue);
        }
        config.put("negative_slope", 0.0).put("threshold", 0.0);
        return c.layer("ReLU", config, List.of(x), x.shape(), true);
    }

    private static KerasTensor zeroPadding(String name, KerasTensor x, long top, long bottom, long left, long right, KerasExportContext c) {
        ObjectNode config = c.config(name);
        ArrayNode padding = config.putArray("padding");
        padding.addArray().add(top).add(bottom);
        padding.addArray().add(left).add(right);
        config.put("data_format", "channels_last");
        Shape s = x.shape();
        return c.layer("ZeroPadding2D", config, List.of(x), new Shape(s.get(0), s.get(1), s.get(2) + top + bottom, s.get(3) + left + right),
                x.nonNegative());
    }

    private static void pair(ObjectNode config, String key, long[] values) {
        config.putArray(key).add(values[0]).add(values[1]);
    }

    private static void requireMap(Block block, String name, KerasTensor x) {
        if (x.shape().dimension() != 4) {
            throw refuse(block, name, "a 2-D operation on a " + x.shape() + " tensor (Keras wants [N, H, W, C] maps here)");
        }
    }

    private static UnsupportedOperationException refuse(Block block, String name, String what) {
        return new UnsupportedOperationException("cannot export " + block.getClass().getSimpleName() + " at '" + name
                + "' to TensorFlow.js: " + what + "; use --format onnx.");
    }

    static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }
}
