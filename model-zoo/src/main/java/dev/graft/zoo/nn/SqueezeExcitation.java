package dev.graft.zoo.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * torchvision's {@code SqueezeExcitation}: each channel is scaled by a gate computed from the
 * whole map, {@code x · scale_activation(fc2(activation(fc1(avgpool(x)))))}, where {@code fc1}
 * and {@code fc2} are 1×1 convolutions with bias (named so, as in torchvision's state dict).
 * EfficientNet uses SiLU and a sigmoid gate; MobileNetV3 ReLU and a hard sigmoid.
 */
public final class SqueezeExcitation extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block fc1;
    private final Block activation;
    private final Block fc2;
    private final Block scaleActivation;

    /**
     * Creates the block.
     *
     * @param channels the input (and output) channels
     * @param squeezeChannels the channels between {@code fc1} and {@code fc2}
     * @param activation the activation after {@code fc1}
     * @param scaleActivation the gate's activation after {@code fc2}
     */
    public SqueezeExcitation(int channels, int squeezeChannels, Block activation, Block scaleActivation) {
        super(VERSION);
        this.fc1 = Layers.conv(squeezeChannels, 1, 1, 1, true);
        this.activation = activation;
        this.fc2 = Layers.conv(channels, 1, 1, 1, true);
        this.scaleActivation = scaleActivation;
        // torchvision's names, without the index prefix addChildBlock would give them
        children.add("fc1", fc1);
        children.add("activation", activation);
        children.add("fc2", fc2);
        children.add("scale_activation", scaleActivation);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDList scale = new NDList(Pool.globalAvgPool2d(x).reshape(x.getShape().get(0), x.getShape().get(1), 1, 1));
        for (Block block : new Block[] {fc1, activation, fc2, scaleActivation}) {
            scale = block.forward(store, scale, training, params);
        }
        return new NDList(x.mul(scale.singletonOrThrow()));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape pooled = new Shape(inputShapes[0].get(0), inputShapes[0].get(1), 1, 1);
        fc1.initialize(manager, dataType, pooled);
        Shape[] squeezed = fc1.getOutputShapes(new Shape[] {pooled});
        activation.initialize(manager, dataType, squeezed);
        fc2.initialize(manager, dataType, squeezed);
        scaleActivation.initialize(manager, dataType, fc2.getOutputShapes(squeezed));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    /** @return the first 1×1 convolution, to the squeezed width */
    public Block fc1() {
        return fc1;
    }

    /** @return the activation between the convolutions */
    public Block activation() {
        return activation;
    }

    /** @return the second 1×1 convolution, back to the input width */
    public Block fc2() {
        return fc2;
    }

    /** @return the gate's activation */
    public Block scaleActivation() {
        return scaleActivation;
    }
}
