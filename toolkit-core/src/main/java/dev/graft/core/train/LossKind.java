package dev.graft.core.train;

/** The training loss of a single-task run (see {@link Losses}). */
public enum LossKind {
    /** Softmax cross-entropy. */
    CROSS_ENTROPY,
    /** Focal loss (Lin et al. 2017): cross-entropy scaled down by {@code (1 − p)^γ} on well-classified examples. */
    FOCAL
}
