package dev.graft.zoo.nn;

import ai.djl.ndarray.NDArray;

/**
 * PyTorch's hard swish (MobileNetV3's activation), {@code x · relu6(x + 3) / 6}, that is {@code x}
 * times its {@link HardSigmoid}, with the same engine-allocated constants (no freed-buffer trap).
 */
public final class HardSwish extends Elementwise {

    @Override
    public NDArray apply(NDArray x) {
        return x.mul(HardSigmoid.of(x));
    }
}
