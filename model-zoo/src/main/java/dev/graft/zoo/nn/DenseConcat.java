package dev.graft.zoo.nn;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Dense concatenation (DenseNet's {@code _DenseLayer}): runs its named layers in order, as a
 * {@link NamedSequential} does, and appends their output to the input along the channel axis,
 * {@code [N, C, H, W] → [N, C + G, H, W]}. A chain of these is torchvision's {@code _DenseBlock}:
 * concatenating each new map to everything before it gives the same channels, in the same order,
 * as torchvision's {@code cat(features)}.
 */
public final class DenseConcat extends NamedSequential {

    @Override
    public DenseConcat add(String name, ai.djl.nn.Block block) {
        super.add(name, block);
        return this;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList branch = super.forwardInternal(store, inputs, training, params);
        return new NDList(NDArrays.concat(new NDList(inputs.singletonOrThrow(), branch.singletonOrThrow()), 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        Shape branch = super.getOutputShapes(inputShapes)[0];
        return new Shape[] {new Shape(in.get(0), in.get(1) + branch.get(1), in.get(2), in.get(3))};
    }
}
