package dev.graft.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.graft.core.data.CachedSplit;
import dev.graft.core.metric.ClassificationReport;
import dev.graft.core.model.TransferModel;
import dev.graft.datasets.augment.AugmentPipeline;
import dev.graft.datasets.image.Normalization;
import dev.graft.zoo.weights.TensorData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The training loop. Each epoch shuffles with a seed derived from the run seed and the epoch,
 * trains every trainable parameter (the trunk at a fraction of the head's learning rate),
 * evaluates on validation data, keeps the best weights by the selection metric, stops early
 * after {@code patience} epochs without improvement, and checkpoints. When a frozen part exists
 * and its output fits in memory, that output is computed once per phase and the trainable part
 * trains on it (Deeplearning4j's featurize). A weight average ({@link WeightAveraging}: an EMA
 * validated and kept in place of the raw weights, or SWA over the last epochs) is a listener of
 * the loop. Every step runs in its own NDManager scope.
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

    /** @return how this loop trains */
    TrainingOptions options() {
        return options;
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
     * Builds the frozen-feature cache of the training images alone (the learning-rate range test
     * run on its own never scores validation images): with {@code includeTrain} false the cache
     * holds its "validation" split, here the training one.
     */
    FeatureCache trainFeatures(TransferModel model, CachedSplit train, Normalization normalization, NDManager manager) {
        return FeatureCache.build(model, train, train, normalization, manager, options.batchSize(), MAX_CACHED_FLOATS, null, null, false);
    }

    /**
     * What a run produced.
     *
     * @param history every epoch
     * @param bestEpoch the epoch whose weights the model now holds (with SWA, the last epoch: the
     *     model holds the average of the last epochs)
     * @param bestValidation that epoch's validation metrics
     * @param features the last epoch's frozen features, for scoring the kept model without computing
     *     them again ({@code null} when no epoch ran); the caller closes them
     */
    public record Result(List<EpochResult> history, int bestEpoch, ClassificationReport bestValidation, FeatureCache features) {}

    /**
     * Trains a model on one task.
     *
     * @param setup the model, splits and checkpoints
     * @param classNames the class names
     * @param classWeights loss and weighted-error weight per class
     * @return the history and best epoch; the model holds the best weights
     * @throws TrainingDivergedException if the loss becomes NaN or explodes
     */
    public Result fit(TrainingSetup setup, List<String> classNames, float[] classWeights) {
        return fit(setup, new SingleTaskObjective(this, setup, classNames, classWeights));
    }

    /**
     * The training loop around an objective: per epoch, set the frozen part (gradual unfreezing)
     * and its cached features, train, score, select; listeners checkpoint, stop early and
     * report progress.
     *
     * @return the history and best epoch; the model holds the selected weights
     */
    Result fit(TrainingSetup setup, Objective objective) {
        if (options.learningRateAuto()) {
            throw new IllegalStateException("lr auto: run the LearningRateFinder and train with withLearningRate(its suggestion)");
        }
        TransferModel model = setup.model();
        CachedSplit train = setup.train();
        Checkpoints checkpoints = setup.checkpoints();
        boolean higherBetter = options.metric().higherIsBetter();
        int stepsPerEpoch = Batches.stepsPerEpoch(options, train.size());
        LearningRateSchedule schedule = schedule(options, stepsPerEpoch);
        AugmentPipeline augmentation = objective.augmentation();
        try (NDManager optimizerManager = setup.manager().newSubManager(); FrozenPhase phase = new FrozenPhase(this, setup,
                augmentation != null); WeightAveraging averaging = new WeightAveraging(options, setup)) {
            Optimizer optimizer = new Optimizer(options.optimizer(), options.weightDecay(), options.l1(), options.maxNorm(), optimizerManager);
            List<TrainingListener> all = loopListeners(checkpoints, optimizer, averaging, objective.blindLoss());
            TrainingState state = new TrainingState(0, 0, 0, Selection.worst(higherBetter), 0, Double.NaN, List.of(),
                    objective.startProgress());
            Map<String, TensorData> best = Snapshots.snapshot(model);
            Optional<Checkpoints.Saved> saved = setup.resume() && checkpoints != null ? load(checkpoints) : Optional.empty();
            if (saved.isPresent()) {
                state = saved.get().state();
                Snapshots.restore(model, saved.get().parameters());
                optimizer.loadState(saved.get().optimizer());
                best = saved.get().best();
                averaging.loadState(saved.get().averages());
                objective.resumed(state);
                event("resumed after epoch " + state.completedEpochs());
            }
            listeners.forEach(l -> l.onTrainingStart(options.epochs(), stepsPerEpoch, 1));
            List<EpochResult> history = new ArrayList<>(state.history());
            for (int epoch = state.completedEpochs() + 1; epoch <= options.epochs(); epoch++) {
                FeatureCache cache = phase.enter(epoch);
                long start = System.nanoTime();
                Objective.Training trained;
                try (AugmentedBatches augmented = augmentation == null ? null : new AugmentedBatches(setup.trainAt(epoch),
                        setup.normalization(), augmentation, options.seed(), epoch, objective.classes())) {
                    trained = objective.train(new EpochContext(epoch, cache, optimizer, schedule, state, stepsPerEpoch, augmented, all));
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                int current = epoch;
                TrainingState before = state;
                Objective.Score score = averaging.evaluated(() -> objective.score(current, cache, before, trained));
                int globalStep = state.globalStep() + stepsPerEpoch;
                EpochResult result = new EpochResult(epoch, trained.loss(), trained.accuracy(), score.main(), schedule.at(globalStep - 1),
                        train.size() / seconds, seconds, phase.frozen(), score.tasks());
                history.add(result);
                double value = options.metric().of(score.main());
                boolean improved = Selection.improves(value, state.bestValue(), higherBetter);
                Map<String, TensorData> weights = improved || checkpoints != null ? Snapshots.snapshot(model) : null;
                best = improved ? averaging.selectable(weights) : best;
                state = new TrainingState(epoch, globalStep, improved ? epoch : state.bestEpoch(), improved ? value : state.bestValue(),
                        improved ? 0 : state.epochsWithoutImprovement() + 1,
                        Double.isNaN(state.firstEpochLoss()) ? trained.loss() : state.firstEpochLoss(), history, score.progress());
                EpochEnd end = new EpochEnd(result, improved, state, weights, best, new EpochEnd.StopRequest());
                for (TrainingListener l : all) {
                    l.onEpoch(result, improved);
                    l.onEpochEnd(end);
                }
                if (end.stop().reason() != null) {
                    event(end.stop().reason());
                    break;
                }
            }
            String averaged = averaging.finish(averaging.swa() ? phase.enter(options.epochs()) : null);
            if (averaging.swa()) {
                event(averaged);
                EpochResult last = history.get(history.size() - 1);
                return new Result(history, last.epoch(), last.validation(), phase.release());
            }
            return finish(options, listeners, model, history, best, state, phase.release());
        }
    }

    /**
     * The caller's listeners, then the loop's own: divergence, weight averaging, checkpoints, early
     * stopping (not with stochastic weight averaging, which averages the last epochs of a full run).
     */
    private List<TrainingListener> loopListeners(Checkpoints checkpoints, Optimizer optimizer, WeightAveraging averaging,
            double blindLoss) {
        List<TrainingListener> all = new ArrayList<>(listeners);
        all.add(new DivergenceCheck(options, blindLoss));
        all.add(averaging);
        if (checkpoints != null) {
            all.add(new CheckpointWriter(checkpoints, optimizer, averaging));
        }
        if (!averaging.swa()) {
            all.add(new EarlyStopping(options));
        }
        return List.copyOf(all);
    }

    /**
     * Ends a run: puts the best epoch's weights back (or keeps the last epoch's) and says so. When
     * no epoch could be judged (every selection value NaN), the last epoch's weights stay: weights
     * that were never trained are never restored.
     *
     * @return the history and the epoch the model now holds
     */
    static Result finish(TrainingOptions options, List<TrainingListener> listeners, TransferModel model, List<EpochResult> history,
            Map<String, TensorData> best, TrainingState state, FeatureCache features) {
        EpochResult kept;
        if (options.restoreBest() && state.bestEpoch() > 0) {
            Snapshots.restore(model, best);
            event(listeners, "restored the best weights (epoch " + state.bestEpoch() + ", " + options.metric().label() + " "
                    + String.format(java.util.Locale.ROOT, "%.4f", state.bestValue()) + ")");
            kept = history.stream().filter(r -> r.epoch() == state.bestEpoch()).findFirst().orElseThrow();
        } else {
            kept = history.get(history.size() - 1);
            event(listeners, options.restoreBest()
                    ? "the validation " + options.metric().label() + " was NaN in every epoch (e.g. a class missing from validation),"
                            + " so no epoch could be selected; kept the last epoch's weights (epoch " + kept.epoch() + ")"
                    : "kept the last epoch's weights (epoch " + kept.epoch() + ")");
        }
        return new Result(history, kept.epoch(), kept.validation(), features);
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
     * @param epoch the epoch's context
     * @param trainSize the number of training images
     * @param manager the parent manager
     * @param body what each step does
     * @return the mean loss per image and how many images the steps saw
     */
    Steps runSteps(EpochContext epoch, int trainSize, NDManager manager, StepBody body) {
        return runSteps(epoch, trainSize, null, manager, body);
    }

    /**
     * Runs an epoch's steps over batches drawn by the run's sampler (the balanced one draws by
     * these labels).
     *
     * @param epoch the epoch's context
     * @param labels the training images' classes
     * @param manager the parent manager
     * @param body what each step does
     * @return the mean loss per image and how many images the steps saw
     */
    Steps runSteps(EpochContext epoch, int[] labels, NDManager manager, StepBody body) {
        return runSteps(epoch, labels.length, labels, manager, body);
    }

    private Steps runSteps(EpochContext epoch, int trainSize, int[] labels, NDManager manager, StepBody body) {
        int[][] batches = Batches.of(options, trainSize, labels, epoch.stepsPerEpoch(), epoch.epoch());
        double lossSum = 0;
        int seen = 0;
        long start = System.nanoTime();
        if (epoch.augmented() != null) {
            epoch.augmented().start(batches);
        }
        for (int s = 0; s < epoch.stepsPerEpoch(); s++) {
            int[] indices = batches[s];
            float rate = epoch.schedule().at(epoch.state().globalStep() + s);
            float momentum = epoch.schedule().momentumAt(epoch.state().globalStep() + s);
            if (!Float.isNaN(momentum)) {
                epoch.optimizer().setMomentum(momentum);
            }
            int stepNumber = s + 1;
            try (NDManager scope = manager.newSubManager()) {
                ParameterStore store = new ParameterStore(scope, false);
                float loss = body.run(scope, store, indices, epoch.augmented() == null ? null : epoch.augmented().take(s), rate, stepNumber);
                lossSum += loss * indices.length;
                seen += indices.length;
                double rateNow = seen / ((System.nanoTime() - start) / 1e9);
                epoch.listeners().forEach(listener -> listener.onStep(epoch.epoch(), stepNumber, loss, rateNow));
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

    static Optional<Checkpoints.Saved> load(Checkpoints checkpoints) {
        try {
            return checkpoints.load();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    void event(String message) {
        event(listeners, message);
    }

    static void event(List<TrainingListener> listeners, String message) {
        listeners.forEach(l -> l.onEvent(message));
    }
}
