package dev.graft.zoo.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A parameter-free block applying a function to each element (an activation), keeping the shape.
 * Each activation is a class of its own, so the ONNX exporter recognises it by class.
 */
public abstract class Elementwise extends AbstractBlock {

    /**
     * Applies the function.
     *
     * @param x the input
     * @return the output, of the input's shape
     */
    public abstract NDArray apply(NDArray x);

    @Override
    protected final NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(inputs.singletonOrThrow()));
    }

    @Override
    public final Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
