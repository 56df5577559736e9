package dev.graft.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** The training loss: softmax cross-entropy with class weights and label smoothing. */
public final class Losses {

    private Losses() {}

    /**
     * Computes {@code Σᵢ w(yᵢ)·CE(qᵢ, pᵢ) / Σᵢ w(yᵢ)}, where {@code q} is the one-hot target
     * smoothed by {@code ε} ({@code (1−ε)·onehot + ε/K}), as PyTorch's weighted mean does.
     *
     * @param logits {@code [n, K]} scores
     * @param labels {@code [n]} class indices (int32)
     * @param classWeights per-class weights, length K
     * @param smoothing the label smoothing ε in [0, 1)
     * @param manager the manager for the weights array
     * @return the scalar loss
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels, float[] classWeights, float smoothing, NDManager manager) {
        int k = (int) logits.getShape().get(1);
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray target = labels.oneHot(k).mul(1 - smoothing).add(smoothing / k);
        NDArray perExample = logProbabilities.mul(target).sum(new int[] {1}).neg();
        NDArray weights = manager.create(classWeights).get(labels);
        return perExample.mul(weights).sum().div(weights.sum());
    }

    /**
     * Cross-entropy against class distributions (mixup and cutmix targets): {@code Σᵢ wᵢ·CE(qᵢ, pᵢ)
     * / Σᵢ wᵢ}, where {@code wᵢ = Σ_c qᵢ_c·w_c} and {@code q} is smoothed by {@code ε}.
     *
     * @param logits {@code [n, K]} scores
     * @param targets {@code [n, K]} class distributions
     * @param classWeights per-class weights, length K
     * @param smoothing the label smoothing ε in [0, 1)
     * @param manager the manager for the weights array
     * @return the scalar loss
     */
    public static NDArray softCrossEntropy(NDArray logits, NDArray targets, float[] classWeights, float smoothing, NDManager manager) {
        int k = (int) logits.getShape().get(1);
        NDArray q = targets.mul(1 - smoothing).add(smoothing / k);
        NDArray perExample = logits.logSoftmax(1).mul(q).sum(new int[] {1}).neg();
        NDArray weights = targets.matMul(manager.create(classWeights).reshape(k, 1)).reshape(-1);
        return perExample.mul(weights).sum().div(weights.sum());
    }
}
