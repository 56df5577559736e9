package dev.graft.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.graft.core.model.TransferModel;
import dev.graft.core.progress.Progress;
import dev.graft.core.progress.ProgressTask;
import dev.graft.zoo.weights.TensorData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The learning-rate range test (Smith 2015, fastai's {@code lr_find}): trains from the model's
 * current weights for {@code lr-find-steps} steps while the head's rate grows exponentially from
 * {@link #START_RATE} to {@link #END_RATE}, cycling through the shuffled training batches, and
 * records each step's loss and its bias-corrected exponential moving average (β {@link
 * #SMOOTHING}); it stops once the smoothed loss exceeds {@link #DIVERGENCE} times its minimum. It
 * trains as the run would (optimiser, weight decay, class weights, label smoothing, the trunk's
 * rate factors, the first epoch's frozen part) but on unaugmented images, so with a frozen trunk
 * it runs on the cached frozen features and takes seconds. Afterwards the weights (BatchNorm
 * statistics included) are put back bit for bit and the gradients zeroed; the test's optimiser
 * state is its own and is dropped.
 */
public final class LearningRateFinder {

    /** The rate of the first step (fastai's {@code start_lr}). */
    public static final double START_RATE = 1e-7;
    /** The rate of the last step (fastai's {@code end_lr}). */
    public static final double END_RATE = 10;
    /** The loss smoothing factor β. */
    public static final double SMOOTHING = 0.98;
    /** The test stops when the smoothed loss exceeds this many times its minimum. */
    public static final double DIVERGENCE = 4;

    private final TrainingOptions options;
    private final FeatureMemo memo;
    private final String memoKey;

    /**
     * Creates a test.
     *
     * @param options how the run trains (and {@code lrFindSteps})
     * @param memo frozen features shared with the run that follows, or {@code null}
     * @param memoKey what identifies the data, weights and input size in the memo
     */
    public LearningRateFinder(TrainingOptions options, FeatureMemo memo, String memoKey) {
        this.options = options;
        this.memo = memo;
        this.memoKey = memoKey;
    }

    /**
     * The rate of a step: {@code START_RATE × (END_RATE / START_RATE)^(step / (steps − 1))}.
     *
     * @param step the 0-based step
     * @param steps all steps
     * @return the rate
     */
    public static double rate(int step, int steps) {
        return START_RATE * Math.pow(END_RATE / START_RATE, step / (double) (steps - 1));
    }

    /**
     * Runs the test on a single-task model.
     *
     * @param setup the model (weights loaded, frozen as the run starts) and the splits
     * @param classWeights the loss weight per class
     * @return the curve and its suggestions; the model is as it was
     */
    public LearningRateCurve find(TrainingSetup setup, float[] classWeights) {
        TransferModel model = setup.model();
        long start = System.nanoTime();
        int frozenBefore = model.frozenModules();
        Map<String, TensorData> weights = Snapshots.snapshot(model);
        int firstFrozen = options.unfreezeAfter() > 0 ? model.trunkNames().size() : setup.targetFrozen();
        model.freezeFirst(firstFrozen);
        int steps = options.lrFindSteps();
        List<LearningRateCurve.Point> points = new ArrayList<>();
        boolean diverged = false;
        try (NDManager optimizerManager = setup.manager().newSubManager();
                FeatureCache cache = features(setup);
                ProgressTask task = Progress.task("learning-rate range test, " + steps + " steps", steps, "step")) {
            Optimizer optimizer = new Optimizer(options.optimizer(), options.weightDecay(), options.l1(), options.maxNorm(), optimizerManager);
            TrainingStep step = TrainingStep.of(model, optimizer, classWeights, options);
            int n = setup.train().size();
            int perEpoch = Batches.stepsPerEpoch(options, n);
            int[] labels = setup.train().labels();
            int[][] batches = null;
            double average = 0;
            double best = Double.POSITIVE_INFINITY;
            for (int s = 0; s < steps && !diverged; s++) {
                if (s % perEpoch == 0) {
                    batches = Batches.of(options, n, labels, perEpoch, s / perEpoch + 1);
                }
                int[] indices = batches[s % perEpoch];
                double rate = rate(s, steps);
                float loss;
                try (NDManager scope = setup.manager().newSubManager()) {
                    ParameterStore store = new ParameterStore(scope, false);
                    NDArray features = FineTuner.stepInput(model, store, scope, setup.train(), indices, setup.normalization(), cache, null);
                    NDArray targets = scope.create(FineTuner.pick(labels, indices));
                    try {
                        step.run(store, scope, setup.train().inputs(scope, indices, features), targets, (float) rate, l -> {
                            if (!Float.isFinite(l)) {
                                throw new NonFiniteLoss();
                            }
                        });
                        loss = step.lastLoss();
                    } catch (NonFiniteLoss e) {
                        break;
                    }
                }
                average = SMOOTHING * average + (1 - SMOOTHING) * loss;
                double smoothed = average / (1 - Math.pow(SMOOTHING, s + 1));
                points.add(new LearningRateCurve.Point(s, rate, loss, smoothed));
                best = Math.min(best, smoothed);
                diverged = !(smoothed <= DIVERGENCE * best);
                task.step(1);
            }
            diverged = diverged || points.size() < steps;
        } finally {
            Snapshots.restore(model, weights);
            zeroGradients(model);
            model.freezeFirst(frozenBefore);
        }
        return LearningRateCurve.of(points, steps, diverged, (System.nanoTime() - start) / 1e9);
    }

    /**
     * The frozen features the test trains on: shared through the memo with the run that follows
     * ({@code lr auto}, training and validation), else of the training images alone.
     */
    private FeatureCache features(TrainingSetup setup) {
        FineTuner loop = new FineTuner(options, List.of(), memo, memoKey);
        return memo != null ? loop.featureCache(setup.model(), setup.train(), setup.val(), setup.normalization(), setup.manager())
                : loop.trainFeatures(setup.model(), setup.train(), setup.normalization(), setup.manager());
    }

    /** Clears what the last steps left in the gradients (a diverging step may leave them non-finite). */
    private static void zeroGradients(TransferModel model) {
        for (Parameter p : model.trainableParameters().values()) {
            NDArray array = p.getArray();
            if (array.hasGradient()) {
                array.getGradient().set(java.nio.FloatBuffer.wrap(new float[Math.toIntExact(array.size())]));
            }
        }
    }

    /** Stops the test before a step whose loss is not finite updates anything. */
    private static final class NonFiniteLoss extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NonFiniteLoss() {
            super(null, null, false, false);
        }
    }
}
