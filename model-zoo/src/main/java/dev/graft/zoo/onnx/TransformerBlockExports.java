package dev.graft.zoo.onnx;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import dev.graft.zoo.nn.ClassToken;
import dev.graft.zoo.nn.ClassTokenPool;
import dev.graft.zoo.nn.ConvNeXtBlock;
import dev.graft.zoo.nn.EncoderBlock;
import dev.graft.zoo.nn.Gelu;
import dev.graft.zoo.nn.GlobalAveragePool;
import dev.graft.zoo.nn.LayerNorm;
import dev.graft.zoo.nn.Permute;
import dev.graft.zoo.nn.PositionEmbedding;
import dev.graft.zoo.nn.SelfAttention;
import java.util.Arrays;
import java.util.List;

/**
 * The writers of the ConvNeXt and Vision Transformer blocks {@link BlockExports} registers. They
 * use only operators whose form is the same in opsets 11 to 21 (MatMul, Transpose, Reshape,
 * Slice, Concat, Expand, Gather, Softmax, Erf, Sqrt and the arithmetic ones): LayerNorm is
 * written as its decomposition, with the means as a MatMul by {@code 1/C}, and GELU as its erf
 * form. Initializers take the torchvision parameter names. Shapes the writers need (ranks, token
 * grids) come from the shapes the blocks were initialised with, which are the export's.
 */
final class TransformerBlockExports {

    private TransformerBlockExports() {}

    static String layerNorm(LayerNorm block, String name, String x, OnnxExportContext c) {
        long width = block.getParameters().get("weight").getArray().size();
        String in = block.channelsFirst() ? c.node("Transpose", join(name, "to_nhwc"), List.of(x), OnnxGraph.ints("perm", 0, 2, 3, 1)) : x;
        float[] average = new float[(int) width];
        Arrays.fill(average, 1f / width);
        String averaging = c.constant(join(name, "average"), average, width, 1);
        String mean = c.node("MatMul", join(name, "mean"), List.of(in, averaging));
        String centred = c.node("Sub", join(name, "centred"), List.of(in, mean));
        String squared = c.node("Mul", join(name, "squared"), List.of(centred, centred));
        String variance = c.node("MatMul", join(name, "variance"), List.of(squared, averaging));
        String shifted = c.node("Add", join(name, "variance_eps"), List.of(variance, c.constant(join(name, "eps"), new float[] {block.epsilon()})));
        String normalised = c.node("Div", join(name, "normalised"), List.of(centred, c.node("Sqrt", join(name, "std"), List.of(shifted))));
        String scaled = c.node("Mul", join(name, "scaled"), List.of(normalised, c.parameter(block, "weight", name + ".weight")));
        String y = c.node("Add", join(name, "shifted"), List.of(scaled, c.parameter(block, "bias", name + ".bias")));
        return block.channelsFirst() ? c.node("Transpose", join(name, "to_nchw"), List.of(y), OnnxGraph.ints("perm", 0, 3, 1, 2)) : y;
    }

    static String gelu(Gelu block, String name, String x, OnnxExportContext c) {
        return gelu(name, x, c);
    }

    /** The exact GELU as {@code x/2 · (1 + Erf(x/√2))}, which every opset Graft writes has (ONNX's Gelu needs opset 20). */
    static String gelu(String name, String x, OnnxExportContext c) {
        String erf = c.node("Erf", join(name, "erf"), List.of(
                c.node("Div", join(name, "div"), List.of(x, c.constant(join(name, "sqrt2"), new float[] {(float) Math.sqrt(2)})))));
        String onePlus = c.node("Add", join(name, "one_plus"), List.of(erf, c.constant(join(name, "one"), new float[] {1f})));
        String half = c.node("Mul", join(name, "half_x"), List.of(x, c.constant(join(name, "half"), new float[] {0.5f})));
        return c.node("Mul", name, List.of(half, onePlus));
    }

    static String permute(Permute block, String name, String x, OnnxExportContext c) {
        return c.node("Transpose", name, List.of(x), OnnxGraph.ints("perm", Arrays.stream(block.axes()).asLongStream().toArray()));
    }

    /** A Linear on a rank above 2 (tokens, channels-last maps): MatMul by the transposed weight, then the bias. */
    static String linearOnLastAxis(Linear block, String name, String x, OnnxExportContext c) {
        String weight = c.node("Transpose", join(name, "weight_t"), List.of(c.parameter(block, "weight", name + ".weight")), OnnxGraph.ints("perm", 1, 0));
        String product = c.node("MatMul", join(name, "matmul"), List.of(x, weight));
        return block.getParameters().contains("bias") ? c.node("Add", name, List.of(product, c.parameter(block, "bias", name + ".bias"))) : product;
    }

    static String convNeXtBlock(ConvNeXtBlock block, String name, String x, OnnxExportContext c) {
        String branch = c.emit(block.block(), join(name, "block"), x);
        String scaled = c.node("Mul", join(name, "scaled"), List.of(branch, c.parameter(block, "layer_scale", name + ".layer_scale")));
        return c.node("Add", join(name, "add"), List.of(scaled, x));
    }

    static String classToken(ClassToken block, String name, String x, OnnxExportContext c) {
        long hidden = block.getParameters().get("class_token").getArray().getShape().get(2);
        String flat = c.node("Reshape", join(name, "flatten"), List.of(x, c.longConstant(join(name, "flat_shape"), new long[] {0, hidden, -1})));
        String tokens = c.node("Transpose", join(name, "tokens"), List.of(flat), OnnxGraph.ints("perm", 0, 2, 1));
        String batch = c.node("Gather", join(name, "batch"), List.of(c.node("Shape", join(name, "shape"), List.of(x)),
                c.longConstant(join(name, "batch_axis"), new long[] {0})), OnnxGraph.integer("axis", 0));
        String shape = c.node("Concat", join(name, "expanded_shape"), List.of(batch, c.longConstant(join(name, "token_shape"), new long[] {1, hidden})),
                OnnxGraph.integer("axis", 0));
        String cls = c.node("Expand", join(name, "expand"), List.of(c.parameter(block, "class_token", name), shape));
        return c.node("Concat", join(name, "concat"), List.of(cls, tokens), OnnxGraph.integer("axis", 1));
    }

    static String positionEmbedding(PositionEmbedding block, String name, String x, OnnxExportContext c) {
        String pos = c.parameter(block, "pos_embedding", name);
        int g = PositionEmbedding.gridOf(block.getInputShapes()[0].get(1));
        int grid = block.grid();
        if (g != grid) {
            long hidden = block.getParameters().get("pos_embedding").getArray().getShape().get(2);
            String cls = slice(c, join(name, "class"), pos, 1, 0, 1);
            String patches = c.node("Reshape", join(name, "grid"), List.of(slice(c, join(name, "patches"), pos, 1, 1, 1 + (long) grid * grid),
                    c.longConstant(join(name, "grid_shape"), new long[] {(long) grid * grid, hidden})));
            String matrix = c.constant(join(name, "resampling"), PositionEmbedding.resampling(grid, g), (long) g * g, (long) grid * grid);
            String resampled = c.node("Reshape", join(name, "resampled"), List.of(c.node("MatMul", join(name, "resample"), List.of(matrix, patches)),
                    c.longConstant(join(name, "resampled_shape"), new long[] {1, (long) g * g, hidden})));
            pos = c.node("Concat", join(name, "at_size"), List.of(cls, resampled), OnnxGraph.integer("axis", 1));
        }
        return c.node("Add", join(name, "add"), List.of(x, pos));
    }

    static String selfAttention(SelfAttention block, String name, String x, OnnxExportContext c) {
        long hidden = block.getParameters().get("in_proj_weight").getArray().getShape().get(1);
        long heads = block.heads();
        long d = hidden / heads;
        String weight = c.node("Transpose", join(name, "in_proj_weight_t"), List.of(c.parameter(block, "in_proj_weight", name + ".in_proj_weight")),
                OnnxGraph.ints("perm", 1, 0));
        String qkv = c.node("Add", join(name, "in_proj"), List.of(c.node("MatMul", join(name, "in_proj_matmul"), List.of(x, weight)),
                c.parameter(block, "in_proj_bias", name + ".in_proj_bias")));
        String headShape = c.longConstant(join(name, "head_shape"), new long[] {0, 0, heads, d});
        String[] split = new String[3];
        String[] parts = {"q", "k", "v"};
        for (int i = 0; i < 3; i++) {
            String part = slice(c, join(name, parts[i]), qkv, 2, i * hidden, (i + 1) * hidden);
            split[i] = c.node("Reshape", join(name, parts[i] + "_heads"), List.of(part, headShape));
        }
        String q = c.node("Mul", join(name, "q_scaled"), List.of(
                c.node("Transpose", join(name, "q_t"), List.of(split[0]), OnnxGraph.ints("perm", 0, 2, 1, 3)),
                c.constant(join(name, "scale"), new float[] {(float) (1 / Math.sqrt(d))})));
        String k = c.node("Transpose", join(name, "k_t"), List.of(split[1]), OnnxGraph.ints("perm", 0, 2, 3, 1));
        String v = c.node("Transpose", join(name, "v_t"), List.of(split[2]), OnnxGraph.ints("perm", 0, 2, 1, 3));
        String weights = c.node("Softmax", join(name, "softmax"), List.of(c.node("MatMul", join(name, "scores"), List.of(q, k))),
                OnnxGraph.integer("axis", -1));
        String attended = c.node("Transpose", join(name, "attended_t"), List.of(c.node("MatMul", join(name, "attended"), List.of(weights, v))),
                OnnxGraph.ints("perm", 0, 2, 1, 3));
        String merged = c.node("Reshape", join(name, "merged"), List.of(attended, c.longConstant(join(name, "merged_shape"), new long[] {0, 0, hidden})));
        return c.emit(block.outProj(), join(name, "out_proj"), merged);
    }

    static String encoderBlock(EncoderBlock block, String name, String x, OnnxExportContext c) {
        String attended = emitChild(block, "self_attention", name, emitChild(block, "ln_1", name, x, c), c);
        String y = c.node("Add", join(name, "attention_add"), List.of(x, attended));
        String mlp = emitChild(block, "mlp", name, emitChild(block, "ln_2", name, y, c), c);
        return c.node("Add", join(name, "mlp_add"), List.of(y, mlp));
    }

    static String classTokenPool(ClassTokenPool block, String name, String x, OnnxExportContext c) {
        String first = c.node("Gather", join(name, "gather"), List.of(x, c.longConstant(join(name, "index"), new long[] {0})),
                OnnxGraph.integer("axis", 1));
        return c.node("Flatten", name, List.of(first), OnnxGraph.integer("axis", 1));
    }

    /** Mean of the tokens of {@code [N, T, C]}: transposed to {@code [N, C, T]}, GlobalAveragePool, Flatten. */
    static String tokenAveragePool(GlobalAveragePool block, String name, String x, OnnxExportContext c) {
        String channelsFirst = c.node("Transpose", join(name, "channels_first"), List.of(x), OnnxGraph.ints("perm", 0, 2, 1));
        String pooled = c.node("GlobalAveragePool", name, List.of(channelsFirst));
        return c.node("Flatten", join(name, "flatten"), List.of(pooled), OnnxGraph.integer("axis", 1));
    }

    /**
     * The rank of the input a block was initialised on (the export's input: tokens and
     * channels-last maps have other ranks than a batch of vectors or an NCHW map).
     *
     * @param block an initialised block
     * @return the rank, or -1 if the block has not seen an input
     */
    static int inputRank(Block block) {
        try {
            Shape[] shapes = block.getInputShapes();
            return shapes == null || shapes.length == 0 ? -1 : shapes[0].dimension();
        } catch (IllegalStateException notInitialised) {
            return -1;
        }
    }

    private static String emitChild(Block block, String child, String name, String x, OnnxExportContext c) {
        return c.emit(block.getChildren().get(child), join(name, child), x);
    }

    private static String slice(OnnxExportContext c, String name, String x, long axis, long start, long end) {
        return c.node("Slice", name, List.of(x, c.longConstant(name + ".starts", new long[] {start}),
                c.longConstant(name + ".ends", new long[] {end}), c.longConstant(name + ".axes", new long[] {axis})));
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }
}
