package dev.graft.zoo.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * SiLU (swish with β = 1, EfficientNet's activation), {@code x · sigmoid(x)}: two tensor
 * operations, no scalar wrapped in a temporary tensor. A block of its own type, so the ONNX
 * exporter recognises it by class.
 */
public final class Silu extends Elementwise {

    @Override
    public NDArray apply(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }
}
