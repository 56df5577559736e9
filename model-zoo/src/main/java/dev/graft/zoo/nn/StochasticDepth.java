package dev.graft.zoo.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Stochastic depth ("drop path", torchvision's {@code StochasticDepth(p, "row")}): in training,
 * each sample's residual branch is dropped with probability {@code rate} and the kept ones are
 * scaled by {@code 1 / (1 - rate)}; in inference it is the identity. The random draws come from
 * the engine's generator, which the training loop seeds per epoch, so runs are reproducible.
 *
 * <p>A block sits at a relative depth in {@code [0, 1]} (block index over block count, as
 * torchvision and timm assign it); {@link #setMaxRate} gives every block of a network the rate
 * {@code maxRate × depth}, the linear schedule of the papers.
 */
public final class StochasticDepth extends AbstractBlock {

    private final float depth;
    private float rate;

    /**
     * A drop-path block.
     *
     * @param depth the relative depth of its residual unit, in [0, 1]
     * @param maxRate the network's largest rate; this block's rate is {@code maxRate × depth}
     */
    public StochasticDepth(float depth, float maxRate) {
        if (!(depth >= 0 && depth <= 1)) {
            throw new IllegalArgumentException("stochastic depth: relative depth must be in [0, 1], got " + depth);
        }
        this.depth = depth;
        setRate(maxRate * depth);
    }

    /** @return the probability of dropping a sample's branch in training */
    public float rate() {
        return rate;
    }

    /** @return the relative depth this block was built at */
    public float depth() {
        return depth;
    }

    private void setRate(float newRate) {
        if (!(newRate >= 0 && newRate < 1)) {
            throw new IllegalArgumentException("drop-path rate must be in [0, 1), got " + newRate);
        }
        rate = newRate;
    }

    /**
     * Sets the rate of every stochastic-depth block in a network to {@code maxRate × depth}.
     *
     * @param root the network
     * @param maxRate the rate of the deepest block, in [0, 1)
     * @return how many blocks were set
     */
    public static int setMaxRate(Block root, float maxRate) {
        if (root instanceof StochasticDepth drop) {
            drop.setRate(maxRate * drop.depth);
            return 1;
        }
        int count = 0;
        for (Block child : root.getChildren().values()) {
            count += setMaxRate(child, maxRate);
        }
        return count;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (!training || rate == 0f) {
            return new NDList(x);
        }
        long[] shape = new long[x.getShape().dimension()];
        java.util.Arrays.fill(shape, 1);
        shape[0] = x.getShape().get(0);
        float keep = 1f - rate;
        // The mask needs no gradient; it is built from arrays the step's manager owns.
        NDArray mask = x.getManager().randomUniform(0f, 1f, new Shape(shape), DataType.FLOAT32)
                .lt(keep).toType(DataType.FLOAT32, false).mul(1f / keep);
        return new NDList(x.mul(mask));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
