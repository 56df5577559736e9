package dev.graft.zoo.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * 2-D average pooling over square windows that do not overlap (stride = window, no padding),
 * as DenseNet's transitions use; keeps its window readable so the exporter can write it.
 */
public final class AvgPool extends AbstractBlock {

    private final int kernel;

    /**
     * Creates the pool.
     *
     * @param kernel the window side, also the stride
     */
    public AvgPool(int kernel) {
        this.kernel = kernel;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        Shape window = new Shape(kernel, kernel);
        return new NDList(Pool.avgPool2d(inputs.singletonOrThrow(), window, window, new Shape(0, 0), false, true));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), in.get(2) / kernel, in.get(3) / kernel)};
    }

    /** @return the window side, also the stride */
    public int kernel() {
        return kernel;
    }
}
