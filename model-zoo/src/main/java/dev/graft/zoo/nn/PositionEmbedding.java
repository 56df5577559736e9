package dev.graft.zoo.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * The Vision Transformer's learned position embedding ({@code encoder.pos_embedding}, {@code [1,
 * 1 + G², D]} for a G×G grid of patches; torchvision draws it from N(0, 0.02²)), added to the
 * tokens. At another image size the token grid is g×g ≠ G×G: the patch part of the embedding is
 * then resampled bicubically to g×g, as torchvision's {@code interpolate_embeddings} does when it
 * adapts weights to a new size (bicubic, {@code align_corners=True}, the class token's entry
 * kept). The resampling is one fixed matrix {@code [g², G²]} applied to the embedding, so
 * gradients reach the stored G×G tensor and the ONNX export writes it as a MatMul; the saved
 * tensor keeps its native shape.
 */
public final class PositionEmbedding extends AbstractBlock implements BareParameter {

    private static final byte VERSION = 1;
    /** PyTorch's bicubic coefficient. */
    private static final double A = -0.75;

    private final int grid;
    private final Parameter embedding;

    /**
     * A position embedding for a square grid of patches.
     *
     * @param grid the native grid side G (image size / patch size)
     * @param hidden the token width D
     */
    public PositionEmbedding(int grid, int hidden) {
        super(VERSION);
        this.grid = grid;
        embedding = addParameter(Parameter.builder().setName("pos_embedding").setType(Parameter.Type.OTHER)
                .optShape(new Shape(1, 1 + (long) grid * grid, hidden)).optInitializer(new NormalInitializer(0.02f)).build());
    }

    /** @return the native grid side G */
    public int grid() {
        return grid;
    }

    /**
     * The grid side of a token sequence.
     *
     * @param tokens the sequence length, class token included
     * @return g with {@code g² + 1 = tokens}
     * @throws IllegalArgumentException if the patches do not form a square grid
     */
    public static int gridOf(long tokens) {
        int g = (int) Math.round(Math.sqrt(tokens - 1));
        if ((long) g * g != tokens - 1) {
            throw new IllegalArgumentException("the Vision Transformer needs a square grid of patches, got " + (tokens - 1) + " patches");
        }
        return g;
    }

    /**
     * The matrix that resamples a G×G grid of embeddings (row-major) to g×g.
     *
     * @param from the side G
     * @param to the side g
     * @return {@code [g², G²]} values, row-major
     */
    public static float[] resampling(int from, int to) {
        double[][] line = bicubic(from, to);
        float[] out = new float[to * to * from * from];
        for (int i = 0; i < to; i++) {
            for (int j = 0; j < to; j++) {
                for (int p = 0; p < from; p++) {
                    for (int q = 0; q < from; q++) {
                        out[(i * to + j) * from * from + p * from + q] = (float) (line[i][p] * line[j][q]);
                    }
                }
            }
        }
        return out;
    }

    /** One axis of PyTorch's bicubic interpolation with {@code align_corners=True}: {@code [to, from]} weights. */
    private static double[][] bicubic(int from, int to) {
        double[][] w = new double[to][from];
        for (int i = 0; i < to; i++) {
            double src = to > 1 ? i * (from - 1) / (double) (to - 1) : 0;
            int base = (int) Math.floor(src);
            double t = src - base;
            double[] k = {cubicFar(t + 1), cubicNear(t), cubicNear(1 - t), cubicFar(2 - t)};
            for (int m = 0; m < 4; m++) {
                int index = Math.min(Math.max(base - 1 + m, 0), from - 1);
                w[i][index] += k[m];
            }
        }
        return w;
    }

    private static double cubicNear(double x) {
        return ((A + 2) * x - (A + 3)) * x * x + 1;
    }

    private static double cubicFar(double x) {
        return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray pos = store.getValue(embedding, x.getDevice(), training);
        int g = gridOf(x.getShape().get(1));
        if (g != grid) {
            long hidden = pos.getShape().get(2);
            NDList parts = pos.split(new long[] {1}, 1);
            parts.attach(x.getManager()); // results of the model's own tensor: free them with the step, not the model
            NDArray matrix = x.getManager().create(resampling(grid, g), new Shape((long) g * g, (long) grid * grid));
            NDArray patches = matrix.matMul(parts.get(1).reshape((long) grid * grid, hidden)).reshape(1, (long) g * g, hidden);
            pos = parts.get(0).concat(patches, 1);
        }
        return new NDList(x.add(pos));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
