package dev.graft.core.train;

/** How the learning rate changes over a run (after any warm-up). */
public enum Schedule {
    /** The peak rate throughout. */
    CONSTANT,
    /** Multiplied by {@code step-gamma} every {@code step-epochs} epochs. */
    STEP,
    /** Cosine annealing to zero at the last step. */
    COSINE,
    /**
     * fastai's {@code fit_one_cycle}: from {@code lr/25} up to {@code lr} over the first quarter of
     * the steps, then down to {@code lr/1e5} at the last step, both by cosine; SGD's momentum and
     * Adam's β1 cycle the other way, 0.95 → 0.85 → 0.95. It has its own warm-up, so {@code warmup}
     * is refused with it.
     */
    ONECYCLE
}
