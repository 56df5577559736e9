package dev.graft.zoo.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * ReLU, {@code max(0, x)}, as a block of its own type, so the ONNX exporter recognises it by
 * class rather than by a lambda block's name. Computes exactly what DJL's {@code
 * Activation.reluBlock()} does.
 */
public final class Relu extends AbstractBlock {

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return Activation.relu(inputs);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
