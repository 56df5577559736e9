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

    /** PyTorch's default BatchNorm epsilon. */
    public static final float BATCH_NORM_EPSILON = 1e-5f;

    /** @return BatchNorm over channels with PyTorch's defaults, eps 1e-5 and momentum 0.1 */
    public static BatchNorm batchNorm() {
        return batchNorm(BATCH_NORM_EPSILON, 0.1f);
    }

    /**
     * BatchNorm over channels with PyTorch's settings: {@code torchMomentum} is PyTorch's momentum
     * (the weight of the new batch statistics), DJL's is its complement.
     *
     * @param epsilon added to the variance
     * @param torchMomentum PyTorch's momentum, e.g. 0.01 for MobileNetV3
     * @return the block
     */
    public static BatchNorm batchNorm(float epsilon, float torchMomentum) {
        return BatchNorm.builder().optEpsilon(epsilon).optMomentum(1f - torchMomentum).build();
    }

    /**
     * Reads a BatchNorm's epsilon, which DJL keeps private (the ONNX exporter writes each block's
     * own, e.g. 1e-3 for MobileNetV3).
     *
     * @param block the block
     * @return its epsilon
     * @throws IllegalStateException if this DJL version keeps it elsewhere
     */
    public static float epsilon(BatchNorm block) {
        try {
            java.lang.reflect.Field field = BatchNorm.class.getDeclaredField("epsilon");
            field.setAccessible(true);
            return field.getFloat(block);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read a DJL BatchNorm's epsilon (field 'epsilon' of " + BatchNorm.class.getName()
                    + "); this Graft build expects DJL 0.35.", e);
        }
    }

    /**
     * Reads a BatchNorm's momentum in PyTorch's sense (the weight of a batch's statistics in the
     * running ones), which DJL keeps private as its complement.
     *
     * @param block the block
     * @return {@code 1 - } DJL's momentum, as DJL hands it to PyTorch
     * @throws IllegalStateException if this DJL version keeps it elsewhere
     */
    public static double torchMomentum(BatchNorm block) {
        try {
            java.lang.reflect.Field field = BatchNorm.class.getDeclaredField("momentum");
            field.setAccessible(true);
            return 1f - field.getFloat(block);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read a DJL BatchNorm's momentum (field 'momentum' of " + BatchNorm.class.getName()
                    + "); this Graft build expects DJL 0.35.", e);
        }
    }

    /**
     * torchvision's {@code Conv2dNormActivation}: a bias-free convolution (padding {@code kernel /
     * 2}) named {@code 0}, its BatchNorm {@code 1} and, unless {@code activation} is {@code null},
     * the activation {@code 2}.
     *
     * @param out output channels
     * @param kernel the square kernel size
     * @param stride the stride
     * @param groups channel groups (the channel count for depthwise)
     * @param norm the BatchNorm
     * @param activation the activation, or {@code null} for none
     * @return the block
     */
    public static NamedSequential convNormActivation(int out, int kernel, int stride, int groups, BatchNorm norm, Block activation) {
        NamedSequential block = new NamedSequential().add("0", conv(out, kernel, stride, groups, false)).add("1", norm);
        return activation == null ? block : block.add("2", activation);
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

    /** @return SiLU, {@code x · sigmoid(x)} */
    public static Block silu() {
        return new Silu();
    }

    /** @return PyTorch's hard swish, {@code x · relu6(x + 3) / 6} */
    public static Block hardSwish() {
        return new HardSwish();
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
