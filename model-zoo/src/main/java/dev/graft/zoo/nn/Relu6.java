package dev.graft.zoo.nn;

import ai.djl.ndarray.NDArray;

/**
 * ReLU6 (MobileNetV2), {@code min(max(0, x), 6)}, as one clamp. DJL's own {@code relu6} computes
 * {@code minimum(6, relu(x))} with a scalar tensor that wraps a Java direct buffer and is closed
 * at once; autograd keeps that tensor for the backward pass, so once the garbage collector frees
 * the buffer, gradients are read from freed memory and training stops being reproducible. A clamp
 * takes its bounds as plain numbers. A block of its own type, so the ONNX exporter recognises it
 * by class.
 */
public final class Relu6 extends Elementwise {

    @Override
    public NDArray apply(NDArray x) {
        return x.clip(0, 6);
    }
}
