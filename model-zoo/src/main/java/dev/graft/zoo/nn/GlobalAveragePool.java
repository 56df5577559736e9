package dev.graft.zoo.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Averages each channel over its positions: a feature map {@code [N, C, H, W]} to {@code [N,
 * C]}, or a token sequence {@code [N, T, C]} (a Vision Transformer cut between encoder layers) to
 * {@code [N, C]} by the mean of all its tokens, the class token included.
 */
public final class GlobalAveragePool extends AbstractBlock {

    /**
     * Pools one array.
     *
     * @param x a map {@code [N, C, H, W]} or tokens {@code [N, T, C]}
     * @return {@code [N, C]}
     */
    public static NDArray pool(NDArray x) {
        return x.getShape().dimension() == 3 ? x.mean(new int[] {1}) : Pool.globalAvgPool2d(x);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(pool(inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.dimension() == 3 ? s.get(2) : s.get(1))};
    }
}
