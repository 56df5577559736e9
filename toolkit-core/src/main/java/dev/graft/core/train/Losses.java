package dev.graft.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The training loss: softmax cross-entropy, or focal loss, with class weights and label smoothing.
 * Focal loss (Lin et al. 2017) is {@code −Σ_c q_c·(1−p_c)^γ·log p_c} per example, where {@code q}
 * is the (smoothed, or mixed) target distribution, so label smoothing enters through {@code q}
 * exactly as in cross-entropy; the class weights play the part of its α and are averaged as in
 * cross-entropy ({@code Σᵢ wᵢ·FLᵢ / Σᵢ wᵢ}). At γ = 0 it is cross-entropy.
 */
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

    /**
     * Focal loss against class indices: {@code Σᵢ w(yᵢ)·FLᵢ / Σᵢ w(yᵢ)}, where {@code FLᵢ = −Σ_c
     * q_c·(1−p_c)^γ·log p_c} and {@code q} is the one-hot target smoothed by {@code ε}.
     *
     * @param logits {@code [n, K]} scores
     * @param labels {@code [n]} class indices (int32)
     * @param classWeights per-class weights (α), length K
     * @param smoothing the label smoothing ε in [0, 1)
     * @param gamma the focusing parameter γ ≥ 0
     * @param manager the manager for the weights array
     * @return the scalar loss
     */
    public static NDArray focal(NDArray logits, NDArray labels, float[] classWeights, float smoothing, float gamma, NDManager manager) {
        int k = (int) logits.getShape().get(1);
        NDArray target = labels.oneHot(k).mul(1 - smoothing).add(smoothing / k);
        NDArray weights = manager.create(classWeights).get(labels);
        return focalPerExample(logits, target, gamma).mul(weights).sum().div(weights.sum());
    }

    /**
     * Focal loss against class distributions (mixup and cutmix targets), weighted as {@link
     * #softCrossEntropy} is: {@code wᵢ = Σ_c qᵢ_c·w_c}.
     *
     * @param logits {@code [n, K]} scores
     * @param targets {@code [n, K]} class distributions
     * @param classWeights per-class weights (α), length K
     * @param smoothing the label smoothing ε in [0, 1)
     * @param gamma the focusing parameter γ ≥ 0
     * @param manager the manager for the weights array
     * @return the scalar loss
     */
    public static NDArray softFocal(NDArray logits, NDArray targets, float[] classWeights, float smoothing, float gamma,
            NDManager manager) {
        int k = (int) logits.getShape().get(1);
        NDArray q = targets.mul(1 - smoothing).add(smoothing / k);
        NDArray weights = targets.matMul(manager.create(classWeights).reshape(k, 1)).reshape(-1);
        return focalPerExample(logits, q, gamma).mul(weights).sum().div(weights.sum());
    }

    /** {@code −Σ_c q_c·(1−p_c)^γ·log p_c} per example; at γ = 0 the factor is exactly 1, so this is cross-entropy. */
    private static NDArray focalPerExample(NDArray logits, NDArray q, float gamma) {
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray modulation = logProbabilities.exp().neg().add(1).pow(gamma);
        return logProbabilities.mul(q).mul(modulation).sum(new int[] {1}).neg();
    }
}
