package dev.graft.core.multitask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * The multi-task loss: each task's cross-entropy over the examples that carry its label (a
 * missing label, {@code -1}, contributes nothing and no gradient), combined with fixed weights,
 * or with learned uncertainty weights (Kendall, Gal and Cipolla 2018): {@code Σₜ exp(−sₜ)·Lₜ +
 * sₜ/2}, where {@code sₜ = log σₜ²} is trained with the network.
 */
public final class MultiTaskLoss {

    private MultiTaskLoss() {}

    /**
     * One task's mean cross-entropy over its labelled examples.
     *
     * @param logits {@code [n, K]} scores
     * @param labels class per example, {@code -1} where missing
     * @param manager the step's manager
     * @return the scalar loss (0 when no example is labelled)
     */
    public static NDArray maskedCrossEntropy(NDArray logits, int[] labels, NDManager manager) {
        return maskedCrossEntropy(logits, labels, null, manager);
    }

    /**
     * One task's class-weighted cross-entropy over its labelled examples: {@code Σ wᵧ·CE / Σ wᵧ}
     * over examples with a label {@code y}, as PyTorch's weighted {@code cross_entropy}.
     *
     * @param logits {@code [n, K]} scores
     * @param labels class per example, {@code -1} where missing
     * @param classWeights weight per class, or {@code null} for all 1
     * @param manager the step's manager
     * @return the scalar loss (0 when no example is labelled)
     */
    public static NDArray maskedCrossEntropy(NDArray logits, int[] labels, float[] classWeights, NDManager manager) {
        return maskedCrossEntropy(logits, labels, classWeights, 0f, manager);
    }

    /**
     * One task's class-weighted cross-entropy over its labelled examples against targets smoothed
     * by {@code ε} ({@code (1−ε)·onehot + ε/K}), as single-task runs smooth them.
     *
     * @param logits {@code [n, K]} scores
     * @param labels class per example, {@code -1} where missing
     * @param classWeights weight per class, or {@code null} for all 1
     * @param smoothing the label smoothing ε in [0, 1)
     * @param manager the step's manager
     * @return the scalar loss (0 when no example is labelled)
     */
    public static NDArray maskedCrossEntropy(NDArray logits, int[] labels, float[] classWeights, float smoothing, NDManager manager) {
        int k = (int) logits.getShape().get(1);
        float[] weight = new float[labels.length];
        int[] safe = new int[labels.length];
        float total = 0;
        for (int i = 0; i < labels.length; i++) {
            weight[i] = labels[i] < 0 ? 0 : classWeights == null ? 1 : classWeights[labels[i]];
            safe[i] = Math.max(0, labels[i]);
            total += weight[i];
        }
        NDArray target = manager.create(safe).oneHot(k);
        if (smoothing > 0) {
            target = target.mul(manager.create(1 - smoothing)).add(manager.create(smoothing / k));
        }
        NDArray perExample = logits.logSoftmax(1).mul(target).sum(new int[] {1}).neg();
        return perExample.mul(manager.create(weight)).sum().div(manager.create(total > 0 ? total : 1f));
    }

    /**
     * A regression task's mean squared error over its labelled examples.
     *
     * @param outputs {@code [n, 1]} predictions of the standardised target
     * @param targets the standardised target per example, {@code NaN} where missing
     * @param manager the step's manager
     * @return the scalar loss (0 when no example is labelled)
     */
    public static NDArray maskedSquaredError(NDArray outputs, float[] targets, NDManager manager) {
        float[] mask = new float[targets.length];
        float[] safe = new float[targets.length];
        float present = 0;
        for (int i = 0; i < targets.length; i++) {
            boolean has = !Float.isNaN(targets[i]);
            mask[i] = has ? 1 : 0;
            safe[i] = has ? targets[i] : 0;
            present += mask[i];
        }
        NDArray error = outputs.reshape(-1).sub(manager.create(safe));
        return error.mul(error).mul(manager.create(mask)).sum().div(manager.create(present > 0 ? present : 1f));
    }

    /**
     * Combines task losses with fixed weights.
     *
     * @param losses the tasks' scalar losses
     * @param weights their weights
     * @return the scalar total
     */
    public static NDArray weighted(List<NDArray> losses, double[] weights) {
        NDArray total = losses.get(0).mul(scalar(losses.get(0), weights[0]));
        for (int t = 1; t < losses.size(); t++) {
            total = total.add(losses.get(t).mul(scalar(losses.get(t), weights[t])));
        }
        return total;
    }

    /**
     * Combines task losses with learned uncertainty weights.
     *
     * @param losses the tasks' scalar losses
     * @param logVariances {@code [T]} trainable {@code sₜ = log σₜ²}
     * @return the scalar total
     */
    public static NDArray uncertaintyWeighted(List<NDArray> losses, NDArray logVariances) {
        NDArray total = null;
        for (int t = 0; t < losses.size(); t++) {
            NDArray s = logVariances.get(t);
            NDArray term = losses.get(t).mul(s.neg().exp()).add(s.mul(scalar(s, 0.5)));
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    /**
     * A scalar tensor kept by the array's manager until it closes. Arithmetic with a plain number
     * ({@code x.mul(0.5)}) makes DJL wrap the number in a tensor over a Java direct buffer and
     * close it at once, while autograd keeps it for the backward pass: once the buffer is
     * collected, the gradient reads freed memory. Every number in a loss goes through here.
     *
     * @param like an array whose manager will own the scalar
     * @param value the value
     * @return the scalar
     */
    public static NDArray scalar(NDArray like, double value) {
        return like.getManager().create((float) value);
    }
}
