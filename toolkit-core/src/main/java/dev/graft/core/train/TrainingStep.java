package dev.graft.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.graft.core.model.TransferModel;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One optimisation step on a batch: forward through the trainable part, weighted cross-entropy,
 * backward, and an update of every trainable parameter (the trunk's at a fraction of the head's
 * learning rate). Shared by the training loop and the benchmark, so both measure the same work.
 */
public final class TrainingStep {

    /** DJL's PyTorch engine allows one gradient collector per process, so concurrent trainings take turns. */
    static final Object ONE_COLLECTOR = new Object();

    private final TransferModel model;
    private final Optimizer optimizer;
    private final float[] classWeights;
    private final float labelSmoothing;
    private final float trunkFactor;
    private final Map<String, Parameter> trainable;
    private final Map<String, Boolean> isHead = new java.util.HashMap<>();
    private float lastLoss = Float.NaN;

    /**
     * Creates a step for a model as currently frozen.
     *
     * @param model the model
     * @param optimizer the optimiser
     * @param classWeights loss weight per class
     * @param labelSmoothing label smoothing ε
     * @param trunkFactor the trunk's learning rate as a fraction of the head's
     */
    public TrainingStep(TransferModel model, Optimizer optimizer, float[] classWeights, float labelSmoothing, float trunkFactor) {
        this.model = model;
        this.optimizer = optimizer;
        this.classWeights = classWeights;
        this.labelSmoothing = labelSmoothing;
        this.trunkFactor = trunkFactor;
        this.trainable = model.trainableParameters();
        trainable.keySet().forEach(name -> isHead.put(name, model.moduleOf(name).equals(TransferModel.HEAD)));
    }

    /**
     * Runs the step.
     *
     * @param store the parameter store
     * @param scope the step's manager (temporaries die with it)
     * @param features the frozen part's output for the batch
     * @param labels the batch's classes, or {@code [n, K]} class distributions (mixup, cutmix)
     * @param learningRate the head's learning rate
     * @param lossCheck sees the loss before the backward pass and may throw to stop the run
     * @return the logits (training mode)
     */
    public NDArray run(ParameterStore store, NDManager scope, NDArray features, NDArray labels, float learningRate,
            Consumer<Float> lossCheck) {
        NDArray logits;
        synchronized (ONE_COLLECTOR) {
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                logits = model.forwardTrainable(store, new NDList(features), true).singletonOrThrow();
                NDArray loss = labels.getShape().dimension() == 2
                        ? Losses.softCrossEntropy(logits, labels, classWeights, labelSmoothing, scope)
                        : Losses.crossEntropy(logits, labels, classWeights, labelSmoothing, scope);
                lastLoss = loss.getFloat();
                lossCheck.accept(lastLoss);
                collector.backward(loss);
            }
        }
        for (Map.Entry<String, Parameter> entry : trainable.entrySet()) {
            float rate = isHead.get(entry.getKey()) ? learningRate : learningRate * trunkFactor;
            optimizer.update(entry.getKey(), entry.getValue(), rate, scope);
        }
        return logits;
    }

    /** @return the loss of the last step */
    public float lastLoss() {
        return lastLoss;
    }
}
