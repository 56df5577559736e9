package dev.graft.zoo.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multi-head self-attention with PyTorch's {@code nn.MultiheadAttention} names: the packed
 * query/key/value projection {@code in_proj_weight} {@code [3D, D]} and {@code in_proj_bias}
 * {@code [3D]}, then {@code out_proj} (Linear D→D). Each head attends with {@code softmax(q·kᵀ /
 * √d)} over {@code d = D / heads}; the scale is an array owned by the input's manager, never a
 * DJL scalar operation (see {@link Relu6} for why). No dropout, no mask (torchvision's ViT).
 */
public final class SelfAttention extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int heads;
    private final Parameter inWeight;
    private final Parameter inBias;
    private final Linear outProj;

    /**
     * Attention over tokens of a given width.
     *
     * @param hidden the token width D
     * @param heads the number of heads; must divide D
     */
    public SelfAttention(int hidden, int heads) {
        super(VERSION);
        if (heads < 1 || hidden % heads != 0) {
            throw new IllegalArgumentException("attention: " + heads + " heads do not divide width " + hidden);
        }
        this.heads = heads;
        inWeight = addParameter(Parameter.builder().setName("in_proj_weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(3L * hidden, hidden)).build());
        inBias = addParameter(Parameter.builder().setName("in_proj_bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(3L * hidden)).build());
        outProj = Layers.linear(hidden);
        children.add("out_proj", outProj);
    }

    /** @return the number of heads */
    public int heads() {
        return heads;
    }

    /** @return the output projection */
    public Linear outProj() {
        return outProj;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long n = x.getShape().get(0);
        long t = x.getShape().get(1);
        long hidden = x.getShape().get(2);
        long d = hidden / heads;
        NDArray qkv = Linear.linear(x, store.getValue(inWeight, x.getDevice(), training), store.getValue(inBias, x.getDevice(), training))
                .singletonOrThrow();
        NDList parts = qkv.split(3, 2);
        NDArray scale = x.getManager().create((float) (1 / Math.sqrt(d)));
        NDArray q = parts.get(0).reshape(n, t, heads, d).transpose(0, 2, 1, 3).mul(scale);
        NDArray k = parts.get(1).reshape(n, t, heads, d).transpose(0, 2, 3, 1);
        NDArray v = parts.get(2).reshape(n, t, heads, d).transpose(0, 2, 1, 3);
        NDArray attended = q.matMul(k).softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(n, t, hidden);
        return outProj.forward(store, new NDList(attended), training, params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        outProj.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
