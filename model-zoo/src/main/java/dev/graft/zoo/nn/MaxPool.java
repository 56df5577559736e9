package dev.graft.zoo.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * 2-D max pooling over square windows that keeps its settings readable, so the exporter can
 * write it (DJL's pooling blocks hide them in a lambda).
 */
public final class MaxPool extends AbstractBlock {

    private final int kernel;
    private final int stride;
    private final int padding;
    private final boolean ceil;

    /**
     * Creates the pool.
     *
     * @param kernel the window side
     * @param stride the stride
     * @param padding the padding on each side
     * @param ceil whether the output size rounds up (SqueezeNet)
     */
    public MaxPool(int kernel, int stride, int padding, boolean ceil) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.ceil = ceil;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(Pool.maxPool2d(inputs.singletonOrThrow(), new Shape(kernel, kernel), new Shape(stride, stride),
                new Shape(padding, padding), ceil));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), outputSide(in.get(2)), outputSide(in.get(3)))};
    }

    /** PyTorch's rule: with ceil mode, a last window that would start in the right padding is dropped. */
    private long outputSide(long side) {
        long span = side + 2L * padding - kernel;
        long out = (ceil ? Math.floorDiv(span + stride - 1, stride) : Math.floorDiv(span, stride)) + 1;
        if (ceil && (out - 1) * stride >= side + padding) {
            out--;
        }
        return out;
    }

    /** @return the window side */
    public int kernel() {
        return kernel;
    }

    /** @return the stride */
    public int stride() {
        return stride;
    }

    /** @return the padding on each side */
    public int padding() {
        return padding;
    }

    /** @return whether the output size rounds up */
    public boolean ceil() {
        return ceil;
    }
}
