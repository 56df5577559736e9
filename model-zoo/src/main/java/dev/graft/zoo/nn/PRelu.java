package dev.graft.zoo.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * A parametric ReLU with a learned slope per element of a broadcastable shape (PyTorch's {@code
 * nn.PReLU} has one per channel, Keras's {@code PReLU} one per position unless axes are shared):
 * {@code max(x, 0) + weight · min(x, 0)}. Only plain-number clips, so gradients stay correct. The
 * slope starts at 0.25 (PyTorch's default) unless an importer sets it.
 */
public final class PRelu extends AbstractBlock {

    private final Parameter weight;

    /**
     * Creates the block.
     *
     * @param slopeShape the slope's shape, broadcast against the input without its batch axis
     *     (e.g. {@code [C, 1, 1]} for one slope per channel of an NCHW map)
     */
    public PRelu(Shape slopeShape) {
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.OTHER).optShape(slopeShape)
                .optInitializer(new ConstantInitializer(0.25f)).build());
    }

    /** @return the slope's shape */
    public Shape slopeShape() {
        return weight.getArray().getShape();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray slope = store.getValue(weight, x.getDevice(), training);
        return new NDList(Activation.relu(x).add(x.clip(Float.NEGATIVE_INFINITY, 0f).mul(slope)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
