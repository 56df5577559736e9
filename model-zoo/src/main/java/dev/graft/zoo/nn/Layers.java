package dev.graft.zoo.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
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
        return Activation.reluBlock();
    }

    /**
     * ReLU6 (MobileNetV2) as one clamp. DJL's own {@code relu6} computes {@code minimum(6, relu(x))}
     * with a scalar tensor that wraps a Java direct buffer and is closed at once; autograd keeps
     * that tensor for the backward pass, so once the garbage collector frees the buffer, gradients
     * are read from freed memory and training stops being reproducible. A clamp takes its bounds
     * as plain numbers.
     *
     * @return ReLU6
     */
    public static Block relu6() {
        return new LambdaBlock(inputs -> new NDList(inputs.singletonOrThrow().clip(0, 6)), "ReLU6");
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
