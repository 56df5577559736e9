package dev.graft.zoo.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * Layer normalisation with torchvision's parameter names ({@code weight}, {@code bias}), over the
 * last axis (PyTorch's {@code LayerNorm} on tokens or channels-last maps) or over the channels of
 * an NCHW map (torchvision's {@code LayerNorm2d}, computed as it does: permute to NHWC, normalise,
 * permute back). ConvNeXt and the Vision Transformer use eps 1e-6. It has no running statistics,
 * so training and inference compute the same thing.
 */
public final class LayerNorm extends AbstractBlock {

    /** The epsilon of torchvision's ConvNeXt and Vision Transformer. */
    public static final float EPSILON = 1e-6f;

    private static final byte VERSION = 1;

    private final boolean channelsFirst;
    private final float epsilon;
    private final Parameter weight;
    private final Parameter bias;

    private LayerNorm(boolean channelsFirst, float epsilon) {
        super(VERSION);
        this.channelsFirst = channelsFirst;
        this.epsilon = epsilon;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.GAMMA)
                .optInitializer(new ConstantInitializer(1f)).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BETA)
                .optInitializer(new ConstantInitializer(0f)).build());
    }

    /** @return a LayerNorm over the last axis, eps 1e-6 */
    public static LayerNorm lastAxis() {
        return new LayerNorm(false, EPSILON);
    }

    /** @return torchvision's {@code LayerNorm2d}: over the channels of an NCHW map, eps 1e-6 */
    public static LayerNorm channels() {
        return new LayerNorm(true, EPSILON);
    }

    /** @return whether it normalises axis 1 of an NCHW map rather than the last axis */
    public boolean channelsFirst() {
        return channelsFirst;
    }

    /** @return the epsilon added to the variance */
    public float epsilon() {
        return epsilon;
    }

    private long width(Shape input) {
        return channelsFirst ? input.get(1) : input.get(input.dimension() - 1);
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape shape = new Shape(width(inputShapes[0]));
        weight.setShape(shape);
        bias.setShape(shape);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = store.getValue(weight, x.getDevice(), training);
        NDArray b = store.getValue(bias, x.getDevice(), training);
        NDArray in = channelsFirst ? x.transpose(0, 2, 3, 1) : x;
        NDArray y = ai.djl.nn.norm.LayerNorm.layerNorm(in, new Shape(width(x.getShape())), w, b, epsilon).singletonOrThrow();
        return new NDList(channelsFirst ? y.transpose(0, 3, 1, 2) : y);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
