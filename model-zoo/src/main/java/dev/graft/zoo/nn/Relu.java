package dev.graft.zoo.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * ReLU, {@code max(0, x)}, as a block of its own type, so the ONNX exporter recognises it by
 * class rather than by a lambda block's name. Computes exactly what DJL's {@code
 * Activation.reluBlock()} does.
 */
public final class Relu extends Elementwise {

    @Override
    public NDArray apply(NDArray x) {
        return Activation.relu(x);
    }
}
