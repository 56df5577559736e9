package dev.graft.zoo.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * torchvision's ConvNeXt {@code CNBlock}: {@code x + stochastic_depth(layer_scale · block(x))},
 * where {@code block} is a 7×7 depthwise convolution, a permute to NHWC, LayerNorm (eps 1e-6),
 * Linear to 4× width, exact GELU, Linear back and a permute to NCHW ({@code block.0},
 * {@code block.2}, {@code block.3}, {@code block.5} hold the weights) and {@code layer_scale} is a
 * {@code [C, 1, 1]} parameter initialised to a small constant (torchvision: 1e-6).
 */
public final class ConvNeXtBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final NamedSequential block;
    private final StochasticDepth stochasticDepth;
    private final Parameter layerScale;

    /**
     * A block of a given width.
     *
     * @param width the channels in and out
     * @param layerScale the initial value of every {@code layer_scale} element
     * @param depth the block's relative depth in the network, in [0, 1], for stochastic depth
     * @param maxDropRate the stochastic-depth rate of the deepest block
     */
    public ConvNeXtBlock(int width, float layerScale, float depth, float maxDropRate) {
        super(VERSION);
        this.layerScale = addParameter(Parameter.builder().setName("layer_scale").setType(Parameter.Type.OTHER)
                .optShape(new Shape(width, 1, 1)).optInitializer(new ConstantInitializer(layerScale)).build());
        block = new NamedSequential()
                .add("0", Layers.conv(width, 7, 1, 3, width, true))
                .add("1", new Permute(0, 2, 3, 1))
                .add("2", LayerNorm.lastAxis())
                .add("3", Layers.linear(4 * width))
                .add("4", new Gelu())
                .add("5", Layers.linear(width))
                .add("6", new Permute(0, 3, 1, 2));
        stochasticDepth = new StochasticDepth(depth, maxDropRate);
        // Children under torchvision's names (DJL's addChildBlock would prefix an index).
        children.add("block", block);
        children.add("stochastic_depth", stochasticDepth);
    }

    /** @return the residual branch without its scale: {@code block.0} … {@code block.6} */
    public NamedSequential block() {
        return block;
    }

    /** @return the drop-path step applied to the scaled branch */
    public StochasticDepth stochasticDepth() {
        return stochasticDepth;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray branch = block.forward(store, inputs, training, params).singletonOrThrow()
                .mul(store.getValue(layerScale, x.getDevice(), training));
        NDArray dropped = stochasticDepth.forward(store, new NDList(branch), training, params).singletonOrThrow();
        return new NDList(dropped.add(x));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        block.initialize(manager, dataType, inputShapes);
        stochasticDepth.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
