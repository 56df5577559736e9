package dev.graft.zoo.nn;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * SqueezeNet's Fire module with torchvision's names: a 1×1 {@code squeeze} convolution, then
 * {@code expand1x1} and {@code expand3x3} convolutions whose ReLU outputs are concatenated.
 */
public final class Fire extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block squeeze;
    private final Block expand1x1;
    private final Block expand3x3;
    private final int outputChannels;

    /**
     * Creates a Fire module.
     *
     * @param squeezeChannels channels after the squeeze
     * @param expand1x1Channels channels of the 1×1 expansion
     * @param expand3x3Channels channels of the 3×3 expansion
     */
    public Fire(int squeezeChannels, int expand1x1Channels, int expand3x3Channels) {
        super(VERSION);
        squeeze = addChild("squeeze", Layers.conv(squeezeChannels, 1, 1, 1, true));
        expand1x1 = addChild("expand1x1", Layers.conv(expand1x1Channels, 1, 1, 1, true));
        expand3x3 = addChild("expand3x3", Layers.conv(expand3x3Channels, 3, 1, 1, true));
        outputChannels = expand1x1Channels + expand3x3Channels;
    }

    private Block addChild(String name, Block block) {
        children.add(name, block);
        return block;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList squeezed = Activation.relu(squeeze.forward(store, inputs, training, params));
        return new NDList(
                NDArrays.concat(
                        new NDList(
                                Activation.relu(
                                        expand1x1.forward(store, squeezed, training, params)
                                                .singletonOrThrow()),
                                Activation.relu(
                                        expand3x3.forward(store, squeezed, training, params)
                                                .singletonOrThrow())),
                        1));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        squeeze.initialize(manager, dataType, inputShapes);
        Shape[] squeezed = squeeze.getOutputShapes(inputShapes);
        expand1x1.initialize(manager, dataType, squeezed);
        expand3x3.initialize(manager, dataType, squeezed);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), outputChannels, in.get(2), in.get(3))};
    }
}
