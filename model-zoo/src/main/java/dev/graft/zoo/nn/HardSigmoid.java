package dev.graft.zoo.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * PyTorch's hard sigmoid (MobileNetV3's gate), {@code relu6(x + 3) / 6}. The constants 3 and 6 are
 * tensors the engine allocates itself on the input's manager, never DJL's scalar arithmetic, whose
 * temporary tensors wrap Java direct buffers that autograd keeps and the garbage collector frees
 * (see {@link Relu6}); so gradients stay correct: 1/6 inside (-3, 3), 0 outside.
 */
public final class HardSigmoid extends Elementwise {

    @Override
    public NDArray apply(NDArray x) {
        return of(x);
    }

    /**
     * Computes {@code relu6(x + 3) / 6} with engine-allocated constants.
     *
     * @param x the input
     * @return the hard sigmoid of each element
     */
    public static NDArray of(NDArray x) {
        return x.add(constant(x, 3f)).clip(0, 6).div(constant(x, 6f));
    }

    /**
     * A scalar tensor of the input's type that the engine allocates itself on the input's manager
     * (no Java buffer behind it, so autograd may keep it past a garbage collection).
     *
     * @param like the tensor whose manager and type to use
     * @param value the value
     * @return the scalar
     */
    public static NDArray constant(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, like.getDataType());
    }
}
