package dev.graft.core.audit;

import java.util.List;

/**
 * How well a linear probe on embeddings tells the training split from another: cross-validated
 * AUC, 0.5 when the two come from one distribution, towards 1 when they differ.
 *
 * @param against the other split ({@code test}, else {@code val})
 * @param auc the out-of-fold AUC
 * @param mostLikeOther training images the probe found most like the other split, most first
 * @param probability their out-of-fold probabilities of belonging to the other split
 */
public record SplitShift(String against, double auc, List<Integer> mostLikeOther, List<Double> probability) { }
