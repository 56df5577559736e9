package dev.graft.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.graft.core.model.TransferModel;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One optimisation step on a batch: forward through the trainable part, a loss (weighted
 * cross-entropy, or any objective over the model's outputs, e.g. the multi-task sum), backward,
 * and an update of every parameter that takes gradients at its own rate (see {@link #rateFactor}:
 * the trunk's at a fraction of the head's learning rate, decayed layer by layer toward the stem).
 * Shared by the training loops and the benchmark, so all measure the same work.
 */
public final class TrainingStep {

    /** DJL's PyTorch engine allows one gradient collector per process, so concurrent trainings take turns. */
    private static final Object ONE_COLLECTOR = new Object();

    private final TransferModel model;
    private final Optimizer optimizer;
    private final float[] classWeights;
    private final float labelSmoothing;
    private final Float focalGamma;
    private final Map<String, Parameter> trainable = new LinkedHashMap<>();
    private final Map<String, Float> rateFactors = new HashMap<>();
    private float lastLoss = Float.NaN;

    /**
     * Creates a step for a model as currently frozen.
     *
     * @param model the model
     * @param optimizer the optimiser
     * @param classWeights loss weight per class
     * @param labelSmoothing label smoothing ε
     * @param trunkFactor the trunk's learning rate as a fraction of the head's
     * @param layerDecay the layer-wise decay of the trunk's rate, 1 for none
     */
    public TrainingStep(TransferModel model, Optimizer optimizer, float[] classWeights, float labelSmoothing, float trunkFactor,
            float layerDecay) {
        this(model, optimizer, classWeights, labelSmoothing, null, trunkFactor, layerDecay);
    }

    /**
     * Creates a step for a model as currently frozen, with cross-entropy or focal loss.
     *
     * @param model the model
     * @param optimizer the optimiser
     * @param classWeights loss weight per class
     * @param labelSmoothing label smoothing ε
     * @param focalGamma the focal loss's γ, or {@code null} for cross-entropy
     * @param trunkFactor the trunk's learning rate as a fraction of the head's
     * @param layerDecay the layer-wise decay of the trunk's rate, 1 for none
     */
    public TrainingStep(TransferModel model, Optimizer optimizer, float[] classWeights, float labelSmoothing, Float focalGamma,
            float trunkFactor, float layerDecay) {
        this.model = model;
        this.focalGamma = focalGamma;
        this.optimizer = optimizer;
        this.classWeights = classWeights;
        this.labelSmoothing = labelSmoothing;
        model.trainableParameters().forEach((name, p) -> {
            if (p.requiresGradient()) {
                trainable.put(name, p);
                rateFactors.put(name, rateFactor(model, name, trunkFactor, layerDecay));
            }
        });
    }

    /**
     * The learning rate of a parameter as a fraction of the head's: 1 in the head, {@code
     * trunkFactor × layerDecay^k} in the trunk, where k is the parameter's {@link
     * TransferModel#layerDepth layer depth} (1 for the deepest trunk layer). The two factors
     * multiply: {@code --trunk-lr-factor} scales the whole trunk, {@code --layer-decay} shapes it.
     *
     * @param model the model
     * @param name the parameter's torchvision-style name
     * @param trunkFactor the trunk's learning rate as a fraction of the head's
     * @param layerDecay the layer-wise decay, 1 for none
     * @return the factor; exactly {@code trunkFactor} in the trunk when {@code layerDecay} is 1
     */
    public static float rateFactor(TransferModel model, String name, float trunkFactor, float layerDecay) {
        if (model.learnsAtHeadRate(name)) {
            return 1f;
        }
        return layerDecay == 1f ? trunkFactor : (float) (trunkFactor * Math.pow(layerDecay, model.layerDepth(name)));
    }

    /**
     * Creates a step whose loss the caller computes (see {@link #run(ParameterStore, NDManager,
     * NDArray, Function, float, Consumer)}).
     *
     * @param model the model
     * @param optimizer the optimiser
     * @param trunkFactor the trunk's learning rate as a fraction of the head's
     * @param layerDecay the layer-wise decay of the trunk's rate, 1 for none
     */
    public TrainingStep(TransferModel model, Optimizer optimizer, float trunkFactor, float layerDecay) {
        this(model, optimizer, null, 0, trunkFactor, layerDecay);
    }

    /**
     * Creates the single-task step a run's options ask for: its label smoothing, loss (focal
     * loss's γ or cross-entropy) and trunk rates.
     *
     * @param model the model
     * @param optimizer the optimiser
     * @param classWeights loss weight per class
     * @param options the run's training options
     * @return the step
     */
    static TrainingStep of(TransferModel model, Optimizer optimizer, float[] classWeights, TrainingOptions options) {
        return new TrainingStep(model, optimizer, classWeights, options.labelSmoothing(),
                options.loss() == LossKind.FOCAL ? options.focalGamma() : null, options.trunkLearningRateFactor(), options.layerDecay());
    }

    /**
     * Runs the step with the weighted cross-entropy (or focal loss) of a single output.
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
        return run(store, scope, new NDList(features), labels, learningRate, lossCheck);
    }

    /**
     * Runs the step on the model's inputs: the frozen part's output, then any metadata the head reads.
     *
     * @param store the parameter store
     * @param scope the step's manager (temporaries die with it)
     * @param inputs the frozen part's output for the batch, then the batch's metadata when the model reads it
     * @param labels the batch's classes, or {@code [n, K]} class distributions (mixup, cutmix)
     * @param learningRate the head's learning rate
     * @param lossCheck sees the loss before the backward pass and may throw to stop the run
     * @return the logits (training mode)
     */
    public NDArray run(ParameterStore store, NDManager scope, NDList inputs, NDArray labels, float learningRate,
            Consumer<Float> lossCheck) {
        return run(store, scope, inputs, outputs -> {
            NDArray logits = outputs.singletonOrThrow();
            if (focalGamma != null) {
                return labels.getShape().dimension() == 2
                        ? Losses.softFocal(logits, labels, classWeights, labelSmoothing, focalGamma, scope)
                        : Losses.focal(logits, labels, classWeights, labelSmoothing, focalGamma, scope);
            }
            return labels.getShape().dimension() == 2
                    ? Losses.softCrossEntropy(logits, labels, classWeights, labelSmoothing, scope)
                    : Losses.crossEntropy(logits, labels, classWeights, labelSmoothing, scope);
        }, learningRate, lossCheck).singletonOrThrow();
    }

    /**
     * Runs the step with any objective over the model's outputs.
     *
     * @param store the parameter store
     * @param scope the step's manager (temporaries die with it)
     * @param features the frozen part's output for the batch
     * @param objective turns the outputs (training mode) into the scalar loss
     * @param learningRate the head's learning rate
     * @param lossCheck sees the loss before the backward pass and may throw to stop the run
     * @return the outputs (training mode)
     */
    public NDList run(ParameterStore store, NDManager scope, NDArray features, Function<NDList, NDArray> objective,
            float learningRate, Consumer<Float> lossCheck) {
        return run(store, scope, new NDList(features), objective, learningRate, lossCheck);
    }

    private NDList run(ParameterStore store, NDManager scope, NDList inputs, Function<NDList, NDArray> objective,
            float learningRate, Consumer<Float> lossCheck) {
        NDList outputs;
        synchronized (ONE_COLLECTOR) {
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                outputs = model.forwardTrainable(store, inputs, true);
                NDArray loss = objective.apply(outputs);
                lastLoss = loss.getFloat();
                lossCheck.accept(lastLoss);
                collector.backward(loss);
            }
        }
        for (Map.Entry<String, Parameter> entry : trainable.entrySet()) {
            optimizer.update(entry.getKey(), entry.getValue(), learningRate * rateFactors.get(entry.getKey()), scope);
        }
        return outputs;
    }

    /** @return the loss of the last step */
    public float lastLoss() {
        return lastLoss;
    }
}
