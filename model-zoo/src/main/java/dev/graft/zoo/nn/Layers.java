package dev.graft.zoo.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;

/** Factories for the torchvision layer settings the architectures share. */
public final class Layers {

    private Layers() {}

    /**
     * A 2-D convolution with torchvision's usual padding of {@code kernel / 2}.
     *
     * @param filters output channels
     * @param kernel the square kernel size
     * @param stride the stride
     * @param groups channel groups (the input channel count for depthwise)
     * @param bias whether it has a bias
     * @return the block
     */
    public static Conv2d conv(int filters, int kernel, int stride, int groups, boolean bias) {
        return conv(filters, kernel, stride, kernel / 2, groups, bias);
    }

    /**
     * A 2-D convolution with explicit padding.
     *
     * @param filters output channels
     * @param kernel the square kernel size
     * @param stride the stride
     * @param padding zero padding on each side
     * @param groups channel groups
     * @param bias whether it has a bias
     * @return the block
     */
    public static Conv2d conv(
            int filters, int kernel, int stride, int padding, int groups, boolean bias) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optGroups(groups)
                .optBias(bias)
                .build();
    }

    /** PyTorch's BatchNorm epsilon, used by every BatchNorm Graft builds (and written on export). */
    public static final float BATCH_NORM_EPSILON = 1e-5f;

    /** @return BatchNorm over channels with PyTorch's eps 1e-5 and momentum 0.1 */
    public static BatchNorm batchNorm() {
        return BatchNorm.builder().optEpsilon(BATCH_NORM_EPSILON).optMomentum(0.9f).build();
    }

    /**
     * A fully connected layer.
     *
     * @param units outputs
     * @return the block
     */
    public static Linear linear(int units) {
        return Linear.builder().setUnits(units).build();
    }

    /** @return ReLU */
    public static Block relu() {
        return new Relu();
    }

    /** @return ReLU6 as one clamp (see {@link Relu6} for why not DJL's) */
    public static Block relu6() {
        return new Relu6();
    }

    /**
     * Max pooling; with {@code ceil} the output size rounds up, as SqueezeNet's pools do.
     *
     * @param kernel the window
     * @param stride the stride
     * @param padding the padding
     * @param ceil whether to round the output size up
     * @return the block
     */
    public static Block maxPool(int kernel, int stride, int padding, boolean ceil) {
        return new MaxPool(kernel, stride, padding, ceil);
    }

    /** @return global average pooling to an {@code [N, C]} vector */
    public static Block globalAveragePool() {
        return new GlobalAveragePool();
    }

    /**
     * Dropout.
     *
     * @param rate the drop probability
     * @return the block
     */
    public static Block dropout(float rate) {
        return Dropout.builder().optRate(rate).build();
    }
}
