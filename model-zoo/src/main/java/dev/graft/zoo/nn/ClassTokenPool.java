package dev.graft.zoo.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Takes the class token, the first of a token sequence: {@code [N, T, D]} to {@code [N, D]} (torchvision's {@code x[:, 0]}). */
public final class ClassTokenPool extends AbstractBlock {

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(inputs.singletonOrThrow().get(":, 0"));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(2))};
    }
}
