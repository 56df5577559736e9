package dev.graft.zoo.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * torchvision's Vision Transformer {@code EncoderBlock} (pre-norm): {@code y = x +
 * self_attention(ln_1(x))}, then {@code y + mlp(ln_2(y))} with {@code mlp} = Linear D→M
 * ({@code mlp.0}), exact GELU, Linear M→D ({@code mlp.3}); LayerNorms eps 1e-6, dropout 0. Each
 * residual branch passes a {@link StochasticDepth} (timm's {@code drop_path}; torchvision's ViT
 * has none, so its rate is 0 unless {@code --drop-path} sets one).
 */
public final class EncoderBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final LayerNorm ln1 = LayerNorm.lastAxis();
    private final SelfAttention attention;
    private final LayerNorm ln2 = LayerNorm.lastAxis();
    private final NamedSequential mlp;
    private final StochasticDepth dropPath;

    /**
     * An encoder layer.
     *
     * @param hidden the token width D
     * @param heads the attention heads
     * @param mlpWidth the MLP's inner width M
     * @param depth the layer's relative depth in [0, 1], for its drop-path rate
     */
    public EncoderBlock(int hidden, int heads, int mlpWidth, float depth) {
        super(VERSION);
        dropPath = new StochasticDepth(depth, 0f);
        attention = new SelfAttention(hidden, heads);
        mlp = new NamedSequential().add("0", Layers.linear(mlpWidth)).add("1", new Gelu()).add("3", Layers.linear(hidden));
        children.add("ln_1", ln1);
        children.add("self_attention", attention);
        children.add("ln_2", ln2);
        children.add("mlp", mlp);
        children.add("drop_path", dropPath);
    }

    private static NDArray run(Block block, ParameterStore store, NDArray x, boolean training, PairList<String, Object> params) {
        return block.forward(store, new NDList(x), training, params).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray attended = run(attention, store, run(ln1, store, x, training, params), training, params);
        NDArray y = x.add(run(dropPath, store, attended, training, params));
        NDArray transformed = run(mlp, store, run(ln2, store, y, training, params), training, params);
        return new NDList(y.add(run(dropPath, store, transformed, training, params)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : children.values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
