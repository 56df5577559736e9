package dev.graft.zoo.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Reorders axes, as torchvision's {@code Permute} module (ConvNeXt's NCHW ↔ NHWC); no parameters. */
public final class Permute extends AbstractBlock {

    private final int[] axes;

    /**
     * A permutation.
     *
     * @param axes the new order of the input's axes, e.g. {@code 0, 2, 3, 1}
     */
    public Permute(int... axes) {
        this.axes = axes.clone();
    }

    /** @return the new order of the input's axes */
    public int[] axes() {
        return axes.clone();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(inputs.singletonOrThrow().transpose(axes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long[] out = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            out[i] = inputShapes[0].get(axes[i]);
        }
        return new Shape[] {new Shape(out)};
    }
}
