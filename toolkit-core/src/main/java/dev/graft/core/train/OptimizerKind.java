package dev.graft.core.train;

import java.util.Locale;

/** The optimisers Graft implements (their state is saved in checkpoints, so resume is exact). */
public enum OptimizerKind {
    /** Stochastic gradient descent with momentum 0.9 (PyTorch's formulation), L2 weight decay. */
    SGD,
    /** Adam with L2 weight decay added to the gradient. */
    ADAM,
    /** Adam with decoupled weight decay (Loshchilov and Hutter). */
    ADAMW,
    /** RMSProp (alpha 0.99) with L2 weight decay. */
    RMSPROP;

    /**
     * Parses a name.
     *
     * @param name sgd, adam, adamw or rmsprop (any case)
     * @return the kind
     * @throws IllegalArgumentException listing the valid names
     */
    public static OptimizerKind parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown optimizer '" + name + "'; use sgd, adam, adamw or rmsprop", e);
        }
    }
}
