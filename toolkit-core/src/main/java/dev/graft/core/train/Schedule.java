package dev.graft.core.train;

/** How the learning rate changes over a run (after any warm-up). */
public enum Schedule {
    /** The peak rate throughout. */
    CONSTANT,
    /** Multiplied by {@code step-gamma} every {@code step-epochs} epochs. */
    STEP,
    /** Cosine annealing to zero at the last step. */
    COSINE
}
