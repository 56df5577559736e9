package dev.graft.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.graft.core.data.CachedSplit;
import dev.graft.core.metric.ClassificationMetrics;
import dev.graft.core.metric.ClassificationReport;
import dev.graft.core.model.TransferModel;
import dev.graft.datasets.augment.AugmentPipeline;
import dev.graft.datasets.image.Normalization;
import dev.graft.zoo.nn.TorchNames;
import dev.graft.zoo.weights.TensorData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The training loop. Each epoch shuffles with a seed derived from the run seed and the epoch,
 * trains every trainable parameter (the trunk at a fraction of the head's learning rate),
 * evaluates on validation data, keeps the best weights by the selection metric, stops early
 * after {@code patience} epochs without improvement, and checkpoints. When a frozen part exists
 * and its output fits in memory, that output is computed once per phase and the trainable part
 * trains on it (Deeplearning4j's featurize). Every step runs in its own NDManager scope.
 */
public final class FineTuner {

    /** Largest frozen-feature cache, in floats (2 GB). */
    private static final long MAX_CACHED_FLOATS = 512L * 1024 * 1024;

    private final TrainingOptions options;
    private final List<TrainingListener> listeners;
    private final FeatureMemo memo;
    private final String memoKey;

    /**
     * Creates a loop.
     *
     * @param options how to train
     * @param listeners who hears about progress
     */
    public FineTuner(TrainingOptions options, List<TrainingListener> listeners) {
        this(options, listeners, null, null);
    }

    /**
     * Creates a loop that takes frozen features from a memo shared with other runs, and adds
     * its own.
     *
     * @param options how to train
     * @param listeners who hears about progress
     * @param memo the shared features, or {@code null}
     * @param memoKey what identifies this run's data, weights and input size in the memo
     */
    public FineTuner(TrainingOptions options, List<TrainingListener> listeners, FeatureMemo memo, String memoKey) {
        this.options = options;
        this.listeners = List.copyOf(listeners);
        this.memo = memo;
        this.memoKey = memoKey;
    }

    /**
     * Builds the frozen-feature cache for the model's current frozen part.
     *
     * @param model the model
     * @param train the training split
     * @param val the validation split
     * @param normalization input normalisation
     * @param manager the parent manager
     * @return the cache; close it
     */
    public FeatureCache featureCache(TransferModel model, CachedSplit train, CachedSplit val, Normalization normalization,
            NDManager manager) {
        return featureCache(model, train, val, normalization, manager, false);
    }

    /**
     * Builds the frozen-feature cache for training: with augmentation only validation features
     * are cached (training images change every epoch), and the memo is not used.
     */
    FeatureCache featureCache(TransferModel model, CachedSplit train, CachedSplit val, Normalization normalization,
            NDManager manager, boolean augmented) {
        return augmented
                ? FeatureCache.build(model, train, val, normalization, manager, options.batchSize(), MAX_CACHED_FLOATS, null, null, false)
                : FeatureCache.build(model, train, val, normalization, manager, options.batchSize(), MAX_CACHED_FLOATS,
                        memo, memoKey + "|frozen=" + model.frozenModules(), true);
    }

    /**
     * What a run produced.
     *
     * @param history every epoch
     * @param bestEpoch the epoch whose weights the model now holds
     * @param bestValidation that epoch's validation metrics
     */
    public record Result(List<EpochResult> history, int bestEpoch, ClassificationReport bestValidation) {}

    /**
     * Trains a model.
     *
     * @param model the model, initialised, weights loaded
     * @param targetFrozen how many trunk modules stay frozen (after any initial frozen phase)
     * @param train the training split
     * @param val the validation split
     * @param classNames the class names
     * @param normalization input normalisation
     * @param classWeights loss and weighted-error weight per class
     * @param manager the manager owning the model's parameters
     * @param checkpoints where to checkpoint each epoch, or {@code null}
     * @param resume whether to continue from the last checkpoint
     * @return the history and best epoch; the model holds the best weights
     * @throws TrainingDivergedException if the loss becomes NaN or explodes
     */
    public Result fit(
            TransferModel model,
            int targetFrozen,
            CachedSplit train,
            CachedSplit val,
            List<String> classNames,
            Normalization normalization,
            float[] classWeights,
            NDManager manager,
            Checkpoints checkpoints,
            boolean resume) {
        Objective oneTask = new Objective() {
            @Override
            public AugmentPipeline augmentation() {
                return options.augment().isEmpty() ? null : AugmentPipeline.parse(options.augment());
            }

            @Override
            public int classes() {
                return classWeights.length;
            }

            @Override
            public EpochTraining train(int epoch, FeatureCache cache, Optimizer optimizer, LearningRateSchedule schedule,
                    TrainingState state, int stepsPerEpoch, AugmentedBatches augmented) {
                return trainEpoch(model, epoch, train, normalization, classWeights, cache, optimizer, schedule, state, manager,
                        stepsPerEpoch, augmented);
            }

            @Override
            public EpochScore score(int epoch, FeatureCache cache, TrainingState state, EpochTraining training) {
                float[][] probabilities = predict(model, val, normalization, cache, manager, options.batchSize());
                return new EpochScore(ClassificationMetrics.compute(classNames, val.labels(), probabilities, classWeights), null, null);
            }
        };
        return fit(model, targetFrozen, train, val, normalization, manager, checkpoints, resume, oneTask);
    }

    /**
     * What a training loop optimises and how it scores an epoch: one task here, several in
     * {@link MultiTaskTuner}. The loop around it (resuming, freezing, frozen features,
     * selection, checkpoints, early stopping) is the same.
     */
    interface Objective {

        /** @return the training augmentation, checked for this objective, or {@code null} */
        AugmentPipeline augmentation();

        /** @return the class count augmented batches mix targets over */
        int classes();

        /** @return per auxiliary task, the early-stopping bookkeeping a fresh run starts with ({@code null} for one task) */
        default Map<String, TrainingState.TaskProgress> startProgress() {
            return null;
        }

        /**
         * Restores what a checkpoint's state implies beyond the weights (e.g. stopped tasks).
         *
         * @param state the restored state
         */
        default void resumed(TrainingState state) {}

        /**
         * Trains one epoch.
         *
         * @param epoch the epoch
         * @param cache frozen features
         * @param optimizer the optimiser
         * @param schedule the learning-rate schedule
         * @param state the state before the epoch
         * @param stepsPerEpoch the number of steps
         * @param augmented the epoch's augmented batches, or {@code null}
         * @return the epoch's loss and training accuracy
         */
        EpochTraining train(int epoch, FeatureCache cache, Optimizer optimizer, LearningRateSchedule schedule, TrainingState state,
                int stepsPerEpoch, AugmentedBatches augmented);

        /**
         * Scores the epoch on validation data, and updates any per-task bookkeeping.
         *
         * @param epoch the epoch
         * @param cache frozen features
         * @param state the state before the epoch
         * @param training what the epoch's training gave
         * @return the selection report and any per-task results
         */
        EpochScore score(int epoch, FeatureCache cache, TrainingState state, EpochTraining training);
    }

    /**
     * An epoch's training.
     *
     * @param loss the mean loss (the whole objective)
     * @param accuracy the (main) task's training accuracy
     * @param perTask each task's mean loss over its labelled images, or {@code null} for one task
     */
    record EpochTraining(double loss, double accuracy, double[] perTask) {}

    /**
     * An epoch's validation.
     *
     * @param main the report that selects the checkpoint and stops the run
     * @param tasks each task's share of the epoch, or {@code null} for one task
     * @param progress the auxiliary tasks' early-stopping bookkeeping, or {@code null}
     */
    record EpochScore(ClassificationReport main, List<EpochResult.TaskEpoch> tasks, Map<String, TrainingState.TaskProgress> progress) {}

    /**
     * The training loop around an objective.
     *
     * @return the history and best epoch; the model holds the selected weights
     */
    Result fit(TransferModel model, int targetFrozen, CachedSplit train, CachedSplit val, Normalization normalization, NDManager manager,
            Checkpoints checkpoints, boolean resume, Objective objective) {
        boolean higherBetter = ClassificationReport.higherIsBetter(options.metric());
        int stepsPerEpoch = stepsPerEpoch(options, train.size());
        LearningRateSchedule schedule = schedule(options, stepsPerEpoch);
        AugmentPipeline augmentation = objective.augmentation();
        try (NDManager optimizerManager = manager.newSubManager()) {
            Optimizer optimizer = new Optimizer(options.optimizer(), options.weightDecay(), options.l1(), options.maxNorm(), optimizerManager);
            TrainingState state = new TrainingState(0, 0, 0, higherBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, 0, Double.NaN,
                    List.of(), objective.startProgress());
            Map<String, TensorData> best = snapshot(model);
            if (resume && checkpoints != null) {
                Optional<Checkpoints.Saved> saved = load(checkpoints);
                if (saved.isPresent()) {
                    state = saved.get().state();
                    restore(model, saved.get().parameters());
                    optimizer.loadState(saved.get().optimizer());
                    best = saved.get().best();
                    objective.resumed(state);
                    event("resumed after epoch " + state.completedEpochs());
                }
            }
            listeners.forEach(l -> l.onTrainingStart(options.epochs(), stepsPerEpoch, 1));
            FeatureCache cache = null;
            int cachedFrozen = -1;
            List<EpochResult> history = new ArrayList<>(state.history());
            for (int epoch = state.completedEpochs() + 1; epoch <= options.epochs(); epoch++) {
                int frozen = epoch <= options.unfreezeAfter() ? model.trunkNames().size() : targetFrozen;
                if (frozen != model.frozenModules()) {
                    model.freezeFirst(frozen);
                    event("epoch " + epoch + ": " + frozen + " of " + model.trunkNames().size() + " trunk modules frozen");
                }
                if (cachedFrozen != frozen) {
                    if (cache != null) {
                        cache.close();
                    }
                    cache = featureCache(model, train, val, normalization, manager, augmentation != null);
                    cachedFrozen = frozen;
                }
                long start = System.nanoTime();
                EpochTraining trained = objective.train(epoch, cache, optimizer, schedule, state, stepsPerEpoch, augmentation == null ? null
                        : new AugmentedBatches(train, normalization, augmentation, options.seed(), epoch, objective.classes()));
                double seconds = (System.nanoTime() - start) / 1e9;
                int globalStep = state.globalStep() + stepsPerEpoch;
                double firstLoss = Double.isNaN(state.firstEpochLoss()) ? trained.loss() : state.firstEpochLoss();
                EpochScore score = objective.score(epoch, cache, state, trained);
                ClassificationReport report = score.main();
                EpochResult result = new EpochResult(epoch, trained.loss(), trained.accuracy(), report,
                        schedule.at(globalStep - 1), train.size() / seconds, seconds, frozen, score.tasks());
                history.add(result);
                double value = report.get(options.metric());
                boolean improved = higherBetter ? value > state.bestValue() : value < state.bestValue();
                int bestEpoch = improved ? epoch : state.bestEpoch();
                double bestValue = improved ? value : state.bestValue();
                int bad = improved ? 0 : state.epochsWithoutImprovement() + 1;
                Map<String, TensorData> current = improved || checkpoints != null ? snapshot(model) : null;
                if (improved) {
                    best = current;
                }
                state = new TrainingState(epoch, globalStep, bestEpoch, bestValue, bad, firstLoss, history, score.progress());
                for (TrainingListener l : listeners) {
                    l.onEpoch(result, improved);
                }
                if (checkpoints != null) {
                    save(checkpoints, state, current, optimizer, best);
                }
                if (options.patience() > 0 && bad >= options.patience()) {
                    event("early stopping after epoch " + epoch + ": no " + options.metric()
                            + " improvement for " + bad + " epochs");
                    break;
                }
            }
            if (cache != null) {
                cache.close();
            }
            return finish(options, listeners, model, history, best, state);
        }
    }

    /**
     * Ends a run: puts the best epoch's weights back (or keeps the last epoch's) and says so.
     *
     * @return the history and the epoch the model now holds
     */
    static Result finish(TrainingOptions options, List<TrainingListener> listeners, TransferModel model, List<EpochResult> history,
            Map<String, TensorData> best, TrainingState state) {
        EpochResult kept;
        if (options.restoreBest()) {
            restore(model, best);
            event(listeners, "restored the best weights (epoch " + state.bestEpoch() + ", " + options.metric() + " "
                    + String.format(java.util.Locale.ROOT, "%.4f", state.bestValue()) + ")");
            int bestEpoch = bestEpoch(options, history);
            kept = history.stream().filter(r -> r.epoch() == bestEpoch).findFirst().orElseThrow();
        } else {
            kept = history.get(history.size() - 1);
            event(listeners, "kept the last epoch's weights (epoch " + kept.epoch() + ")");
        }
        return new Result(history, kept.epoch(), kept.validation());
    }

    private static int bestEpoch(TrainingOptions options, List<EpochResult> history) {
        boolean higherBetter = ClassificationReport.higherIsBetter(options.metric());
        int best = history.get(0).epoch();
        double value = history.get(0).validation().get(options.metric());
        for (EpochResult r : history) {
            double v = r.validation().get(options.metric());
            if (higherBetter ? v > value : v < value) {
                value = v;
                best = r.epoch();
            }
        }
        return best;
    }

    /** Trains one epoch of the single-task objective. */
    private EpochTraining trainEpoch(
            TransferModel model, int epoch, CachedSplit train, Normalization normalization, float[] classWeights,
            FeatureCache cache, Optimizer optimizer, LearningRateSchedule schedule, TrainingState state,
            NDManager manager, int stepsPerEpoch, AugmentedBatches augmented) {
        TrainingStep step = new TrainingStep(model, optimizer, classWeights, options.labelSmoothing(), options.trunkLearningRateFactor());
        int[] correct = {0};
        Steps steps = runSteps(epoch, train.size(), stepsPerEpoch, schedule, state, manager, augmented,
                (scope, store, indices, batch, rate, stepNumber) -> {
                    NDArray labels = batch == null ? scope.create(pick(train.labels(), indices)) : batch.targets(scope);
                    NDArray features = stepInput(model, store, scope, train, indices, normalization, cache, batch);
                    NDArray logits = step.run(store, scope, features, labels, rate,
                            l -> checkDivergence(options, l, epoch, stepNumber, rate, state, Math.log(classWeights.length)));
                    int[] predicted = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
                    for (int i = 0; i < indices.length; i++) {
                        correct[0] += predicted[i] == train.labels()[indices[i]] ? 1 : 0;
                    }
                    return step.lastLoss();
                });
        return new EpochTraining(steps.meanLoss(), correct[0] / (double) steps.images(), null);
    }

    /** One training step's work on a batch, inside its own manager scope. */
    interface StepBody {

        /**
         * Trains on a batch.
         *
         * @param scope the step's manager
         * @param store the step's parameter store
         * @param indices the batch's images
         * @param batch their augmented pixels and targets, or {@code null} without augmentation
         * @param rate the head's learning rate for this step
         * @param stepNumber the 1-based step within the epoch
         * @return the step's loss
         */
        float run(NDManager scope, ParameterStore store, int[] indices, AugmentedBatches.Batch batch, float rate, int stepNumber);
    }

    /**
     * Runs an epoch's steps: the epoch's shuffled batches, each in its own manager scope at the
     * scheduled rate, augmented batches prepared ahead, and progress reported after each step.
     *
     * @param epoch the epoch
     * @param trainSize the number of training images
     * @param stepsPerEpoch the number of steps
     * @param schedule the learning-rate schedule
     * @param state the state before the epoch
     * @param manager the parent manager
     * @param augmented the epoch's augmented batches, or {@code null}
     * @param body what each step does
     * @return the mean loss per image and how many images the steps saw
     */
    Steps runSteps(int epoch, int trainSize, int stepsPerEpoch, LearningRateSchedule schedule, TrainingState state, NDManager manager,
            AugmentedBatches augmented, StepBody body) {
        int[][] batches = batches(options, trainSize, stepsPerEpoch, epoch);
        double lossSum = 0;
        int seen = 0;
        long start = System.nanoTime();
        if (augmented != null) {
            augmented.start(batches);
        }
        for (int s = 0; s < stepsPerEpoch; s++) {
            int[] indices = batches[s];
            float rate = schedule.at(state.globalStep() + s);
            int stepNumber = s + 1;
            try (NDManager scope = manager.newSubManager()) {
                ParameterStore store = new ParameterStore(scope, false);
                float loss = body.run(scope, store, indices, augmented == null ? null : augmented.take(s), rate, stepNumber);
                lossSum += loss * indices.length;
                seen += indices.length;
                double rateNow = seen / ((System.nanoTime() - start) / 1e9);
                listeners.forEach(listener -> listener.onStep(epoch, stepNumber, loss, rateNow));
            }
        }
        return new Steps(lossSum / seen, seen);
    }

    /**
     * What an epoch's steps saw.
     *
     * @param meanLoss the loss per image
     * @param images the images trained on (a last lone image is left out: BatchNorm needs two)
     */
    record Steps(double meanLoss, int images) {}

    /**
     * Stops on a NaN or infinite loss, or one {@code divergenceFactor} times above the loss of a
     * blind guess ({@code ln K} for one task) or of the first epoch, whichever is larger.
     */
    static void checkDivergence(TrainingOptions options, float loss, int epoch, int step, float rate, TrainingState state,
            double blindLoss) {
        double reference = Math.max(blindLoss, Double.isNaN(state.firstEpochLoss()) ? 0 : state.firstEpochLoss());
        boolean exploded = loss > options.divergenceFactor() * reference;
        if (!Float.isFinite(loss) || exploded) {
            throw new TrainingDivergedException(String.format(java.util.Locale.ROOT,
                    "training diverged: the loss became %s at epoch %d, step %d (learning rate %.3g). "
                            + "Try a lower learning rate, e.g. --lr %.3g.",
                    Float.isFinite(loss) ? "huge (" + loss + ")" : String.valueOf(loss), epoch, step, rate,
                    options.learningRate() / 10));
        }
    }

    /**
     * Predicts class probabilities for a split, in inference mode.
     *
     * @param model the model
     * @param split the images
     * @param normalization input normalisation
     * @param cache frozen features, or {@code null} to run the whole model
     * @param manager the parent manager
     * @param batchSize images per forward pass
     * @return probabilities per image
     */
    public static float[][] predict(TransferModel model, CachedSplit split, Normalization normalization,
            FeatureCache cache, NDManager manager, int batchSize) {
        return predictOutputs(model, split, normalization, cache, manager, batchSize).get(0);
    }

    /**
     * Predicts class probabilities for each of the model's outputs (one per task), in inference
     * mode; a one-wide output (a regression task) is returned as it is.
     *
     * @param model the model
     * @param split the images
     * @param normalization input normalisation
     * @param cache frozen features, or {@code null} to run the whole model
     * @param manager the parent manager
     * @param batchSize images per forward pass
     * @return per output, probabilities per image
     */
    public static List<float[][]> predictOutputs(TransferModel model, CachedSplit split, Normalization normalization,
            FeatureCache cache, NDManager manager, int batchSize) {
        List<float[][]> outputs = new ArrayList<>();
        for (int from = 0; from < split.size(); from += batchSize) {
            int[] indices = java.util.stream.IntStream.range(from, Math.min(split.size(), from + batchSize)).toArray();
            try (NDManager scope = manager.newSubManager()) {
                ParameterStore store = new ParameterStore(scope, false);
                NDArray features = cache != null ? cache.features(model, store, scope, split, indices, normalization)
                        : model.forwardFrozen(store, new NDList(split.batch(scope, indices, normalization))).singletonOrThrow();
                NDList logits = model.forwardTrainable(store, new NDList(features), false);
                for (int o = 0; o < logits.size(); o++) {
                    if (outputs.size() <= o) {
                        outputs.add(new float[split.size()][]);
                    }
                    int k = (int) logits.get(o).getShape().get(1);
                    NDArray p = k == 1 ? logits.get(o) : logits.get(o).softmax(1);
                    float[] flat = p.toFloatArray();
                    for (int i = 0; i < indices.length; i++) {
                        outputs.get(o)[indices[i]] = java.util.Arrays.copyOfRange(flat, i * k, (i + 1) * k);
                    }
                }
            }
        }
        return outputs;
    }

    /**
     * Picks the values of some images.
     *
     * @param values a value per image of a split
     * @param indices which images
     * @return their values, in the order of {@code indices}
     */
    static int[] pick(int[] values, int[] indices) {
        int[] picked = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            picked[i] = values[indices[i]];
        }
        return picked;
    }

    /**
     * What the trainable part sees for a training batch: the frozen part's cached (or computed)
     * output for the images, or its output for their augmented pixels.
     *
     * @param model the model
     * @param store the step's parameter store
     * @param scope the step's manager
     * @param train the training split
     * @param indices the batch's images
     * @param normalization input normalisation
     * @param cache frozen features
     * @param augmented the batch's augmented pixels, or {@code null} without augmentation
     * @return the features, attached to {@code scope}
     */
    static NDArray stepInput(TransferModel model, ParameterStore store, NDManager scope, CachedSplit train, int[] indices,
            Normalization normalization, FeatureCache cache, AugmentedBatches.Batch augmented) {
        if (augmented == null) {
            return cache.features(model, store, scope, train, indices, normalization);
        }
        NDArray pixels = scope.create(augmented.pixels(), new ai.djl.ndarray.types.Shape(indices.length, 3, train.side(), train.side()));
        return model.forwardFrozen(store, new NDList(pixels)).singletonOrThrow();
    }

    /**
     * Splits a shuffled epoch into batches; the order depends only on the seed and the epoch.
     *
     * @param options the options (seed, batch size)
     * @param n the number of training images
     * @param stepsPerEpoch the number of batches
     * @param epoch the epoch
     * @return the image indices of each batch
     */
    static int[][] batches(TrainingOptions options, int n, int stepsPerEpoch, int epoch) {
        Engine.getEngine("PyTorch").setRandomSeed((int) (options.seed() * 31 + epoch));
        int[] order = shuffled(n, new Random(options.seed() * 1_000_003L + epoch));
        int[][] batches = new int[stepsPerEpoch][];
        for (int s = 0; s < stepsPerEpoch; s++) {
            batches[s] = java.util.Arrays.copyOfRange(order, s * options.batchSize(), Math.min(n, (s + 1) * options.batchSize()));
        }
        return batches;
    }

    /**
     * Counts the steps of an epoch: full batches, plus the remainder when it holds at least two
     * images (BatchNorm needs two).
     *
     * @param options the options
     * @param n the number of training images
     * @return steps per epoch
     */
    static int stepsPerEpoch(TrainingOptions options, int n) {
        return Math.max(1, n / options.batchSize() + (n % options.batchSize() >= 2 ? 1 : 0));
    }

    /**
     * Builds the learning-rate schedule of a run.
     *
     * @param options the options
     * @param stepsPerEpoch steps per epoch
     * @return the schedule
     */
    static LearningRateSchedule schedule(TrainingOptions options, int stepsPerEpoch) {
        return new LearningRateSchedule(options.schedule(), options.learningRate(), options.warmupEpochs() * stepsPerEpoch,
                options.epochs() * stepsPerEpoch, stepsPerEpoch, options.stepEpochs(), options.stepGamma());
    }

    private static int[] shuffled(int n, Random random) {
        int[] order = java.util.stream.IntStream.range(0, n).toArray();
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * Copies every parameter (including BatchNorm statistics) to Java memory.
     *
     * @param model the model
     * @return tensors by name
     */
    public static Map<String, TensorData> snapshot(TransferModel model) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        TorchNames.of(model).forEach((name, p) -> out.put(name,
                new TensorData(p.getArray().getShape().getShape(), p.getArray().toFloatArray())));
        return out;
    }

    /**
     * Writes a snapshot back into the model's parameters.
     *
     * @param model the model
     * @param tensors tensors from {@link #snapshot}
     */
    public static void restore(TransferModel model, Map<String, TensorData> tensors) {
        TorchNames.of(model).forEach((name, p) -> {
            TensorData t = tensors.get(name);
            if (t == null) {
                throw new IllegalStateException("snapshot lacks " + name);
            }
            p.getArray().set(java.nio.FloatBuffer.wrap(t.values()));
        });
    }

    static void save(Checkpoints checkpoints, TrainingState state, Map<String, TensorData> parameters, Optimizer optimizer,
            Map<String, TensorData> best) {
        try {
            checkpoints.save(state, parameters, optimizer.saveState(), best);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint: " + e.getMessage(), e);
        }
    }

    static Optional<Checkpoints.Saved> load(Checkpoints checkpoints) {
        try {
            return checkpoints.load();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private void event(String message) {
        event(listeners, message);
    }

    static void event(List<TrainingListener> listeners, String message) {
        listeners.forEach(l -> l.onEvent(message));
    }
}
