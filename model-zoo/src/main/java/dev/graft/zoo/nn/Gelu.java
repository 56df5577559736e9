package dev.graft.zoo.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The exact GELU, {@code x · Φ(x) = x/2 · (1 + erf(x/√2))}, as PyTorch's {@code nn.GELU()} (no
 * tanh approximation): DJL's {@code gelu} runs PyTorch's own kernel. A block of its own type, so
 * the ONNX exporter recognises it by class and writes the erf form.
 */
public final class Gelu extends AbstractBlock {

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(Activation.gelu(inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
