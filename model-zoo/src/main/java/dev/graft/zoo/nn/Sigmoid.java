package dev.graft.zoo.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The logistic sigmoid, {@code 1 / (1 + e^-x)} (the gate of EfficientNet's squeeze-and-excitation),
 * as a block of its own type, so the ONNX exporter recognises it by class.
 */
public final class Sigmoid extends Elementwise {

    @Override
    public NDArray apply(NDArray x) {
        return Activation.sigmoid(x);
    }
}
