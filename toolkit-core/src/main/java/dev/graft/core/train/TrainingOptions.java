package dev.graft.core.train;

import dev.graft.core.metric.SelectionMetric;
import dev.graft.core.options.Option;
import dev.graft.core.options.OptionGroup;
import java.util.List;

/**
 * How to train: epochs, batch size, optimiser and regularisation, learning-rate schedule,
 * discriminative rates, gradual unfreezing, loss shaping, model selection and seed. Built with
 * {@link #builder()}; {@code build()} validates.
 *
 * @param epochs the maximum number of epochs
 * @param batchSize images per step
 * @param optimizer the optimiser
 * @param learningRate the head's peak learning rate
 * @param trunkLearningRateFactor the trunk's rate as a fraction of the head's (discriminative
 *     learning rates; 1 for the same rate)
 * @param layerDecay layer-wise learning-rate decay (BEiT, timm): the trunk's k-th layer counted
 *     from the deepest (k = 1) trains at {@code learningRate × trunkLearningRateFactor ×
 *     layerDecay^k}, the head at {@code learningRate}; 1 for none. A layer is a top-level trunk
 *     module that holds parameters, see {@link dev.graft.core.model.TransferModel#layers()}
 * @param weightDecay weight decay
 * @param l1 L1 penalty
 * @param maxNorm max-norm constraint (0 for none)
 * @param schedule the learning-rate schedule
 * @param warmupEpochs epochs of linear warm-up
 * @param stepEpochs epochs between step decays
 * @param stepGamma the step decay factor
 * @param labelSmoothing label smoothing ε
 * @param dropPath the stochastic-depth rate of the deepest drop-path block, set on every {@link
 *     dev.graft.zoo.nn.StochasticDepth} block of the built model; {@code null} keeps the
 *     architecture's own rates
 * @param metric the validation metric that selects the best epoch and drives early stopping
 * @param patience epochs without improvement before stopping (0 to never stop early)
 * @param restoreBest whether the model ends with the best epoch's weights (else the last
 *     epoch's, as Keras does by default)
 * @param unfreezeAfter epochs trained with the whole trunk frozen before unfreezing to the
 *     requested level (fastai's {@code fine_tune}); 0 to start unfrozen
 * @param augment the training augmentation spec ({@code ""} for none), see AugmentPipeline
 * @param seed the random seed
 * @param divergenceFactor a loss this many times the first epoch's mean, or NaN, stops the run
 * @param learningRateAuto whether the learning-rate range test chooses {@code learningRate} before
 *     the run trains ({@code --lr auto}); a run records the rate it chose, not this flag
 * @param lrFindSteps steps of the learning-rate range test ({@code graft lr-find}, {@code --lr auto})
 * @param ema the decay of an exponential moving average of the weights (timm's ModelEma), 0 for
 *     none; validation, selection and the final model then use the averaged weights, see {@link
 *     WeightAveraging}
 * @param swaEpochs how many last epochs stochastic weight averaging averages (0 for none); the
 *     final model is their average, early stopping and best-epoch restore are off, see {@link
 *     WeightAveraging}
 * @param sampler how an epoch draws its images: each once, shuffled, or class-balanced with replacement
 * @param loss the single-task loss: cross-entropy or focal
 * @param focalGamma the focal loss's focusing parameter γ (0 gives cross-entropy)
 * @param progressiveSizes the input sides trained at before the run's own (progressive resizing,
 *     smallest first usually), each for {@code resizeEpochs} epochs; empty for none
 * @param resizeEpochs epochs trained at each of {@code progressiveSizes}
 */
public record TrainingOptions(
        int epochs,
        int batchSize,
        OptimizerKind optimizer,
        float learningRate,
        float trunkLearningRateFactor,
        float layerDecay,
        float weightDecay,
        float l1,
        float maxNorm,
        Schedule schedule,
        int warmupEpochs,
        int stepEpochs,
        float stepGamma,
        float labelSmoothing,
        Float dropPath,
        SelectionMetric metric,
        int patience,
        boolean restoreBest,
        int unfreezeAfter,
        String augment,
        long seed,
        float divergenceFactor,
        boolean learningRateAuto,
        int lrFindSteps,
        float ema,
        int swaEpochs,
        Sampler sampler,
        LossKind loss,
        float focalGamma,
        List<Integer> progressiveSizes,
        int resizeEpochs) {

    /** Copies the sizes. */
    public TrainingOptions {
        progressiveSizes = List.copyOf(progressiveSizes);
    }

    /** Maximum epochs. */
    public static final Option<Integer> EPOCHS = Option.integer("epochs", OptionGroup.TRAINING, "N", 10, "maximum epochs")
            .check(v -> v >= 1, "must be at least 1");
    /** Images per step. */
    public static final Option<Integer> BATCH_SIZE = Option.integer("batch-size", OptionGroup.TRAINING, "N", 32, "images per step")
            .check(v -> v >= 2, "must be at least 2 (BatchNorm needs two examples)");
    /** The optimiser. */
    public static final Option<OptimizerKind> OPTIMIZER = Option.choice("optimizer", OptionGroup.TRAINING, OptimizerKind.class,
            OptimizerKind.ADAMW, "optimiser");
    /** The head's peak learning rate; its default depends on freezing, see the run's options. */
    public static final Option<Double> LEARNING_RATE = Option.real("lr", OptionGroup.TRAINING, "X|auto", 1e-3,
            "head learning rate, or auto: the learning-rate range test's suggestion (see graft lr-find), recorded in config.yaml")
            .check(v -> v > 0, "must be a positive number").describeDefault("0.01 with freeze all, else 0.001");
    /** The trunk's rate as a fraction of the head's. */
    public static final Option<Double> TRUNK_LR_FACTOR = Option.real("trunk-lr-factor", OptionGroup.TRAINING, "X", 0.1,
            "trunk learning rate as a fraction of the head's").check(v -> v > 0, "must be positive");
    /** Layer-wise learning-rate decay. */
    public static final Option<Double> LAYER_DECAY = Option.real("layer-decay", OptionGroup.TRAINING, "X", 1,
            "layer-wise learning-rate decay: the trunk's k-th layer from the top trains at lr x trunk-lr-factor x X^k, 1 = off")
            .check(v -> v > 0 && v <= 1, "must be in (0, 1]");
    /** Epochs trained with the whole trunk frozen first. */
    public static final Option<Integer> UNFREEZE_AFTER = Option.integer("unfreeze-after", OptionGroup.TRAINING, "N", 0,
            "train N epochs with the trunk frozen before unfreezing to freeze").check(v -> v >= 0, "must be at least 0");
    /** The learning-rate schedule. */
    public static final Option<Schedule> SCHEDULE = Option.choice("schedule", OptionGroup.TRAINING, Schedule.class, Schedule.COSINE,
            "learning-rate schedule after warm-up");
    /** Warm-up epochs. */
    public static final Option<Integer> WARMUP = Option.integer("warmup", OptionGroup.TRAINING, "N", 0,
            "epochs of linear learning-rate warm-up").check(v -> v >= 0, "must be at least 0");
    /** Epochs between step decays. */
    public static final Option<Integer> STEP_EPOCHS = Option.integer("step-epochs", OptionGroup.TRAINING, "N", 10,
            "step schedule: epochs between decays").check(v -> v >= 1, "must be at least 1");
    /** The step decay factor. */
    public static final Option<Double> STEP_GAMMA = Option.real("step-gamma", OptionGroup.TRAINING, "X", 0.1,
            "step schedule: factor applied at each decay").check(v -> v > 0 && v <= 1, "must be in (0, 1]");
    /** The selection metric. */
    public static final Option<SelectionMetric> METRIC = Option.choice("metric", OptionGroup.TRAINING, SelectionMetric.class,
            SelectionMetric.ACCURACY, "validation metric that selects the best epoch and drives early stopping");
    /** Early-stopping patience. */
    public static final Option<Integer> PATIENCE = Option.integer("patience", OptionGroup.TRAINING, "N", 5,
            "early-stopping patience in epochs, 0 = off").check(v -> v >= 0, "must be at least 0");
    /** Which epoch's weights a run ends with. */
    public static final Option<Keep> KEEP_WEIGHTS = Option.choice("keep-weights", OptionGroup.TRAINING, Keep.class, Keep.BEST,
            "end with the best validation epoch's weights or the last epoch's");
    /** The seed. */
    public static final Option<Integer> SEED = Option.integer("seed", OptionGroup.TRAINING, "N", 42, "random seed (splits, initialisation, batches)");
    /** The divergence factor. */
    public static final Option<Double> DIVERGENCE_FACTOR = Option.real("divergence-factor", OptionGroup.TRAINING, "X", 100,
            "stop when the loss exceeds this many times the first epoch's (or a blind guess's)").check(v -> v > 1, "must be above 1");
    /** Weight decay. */
    public static final Option<Double> WEIGHT_DECAY = Option.real("weight-decay", OptionGroup.REGULARISATION, "X", 1e-4, "weight decay")
            .check(v -> v >= 0, "must be at least 0");
    /** L1 penalty. */
    public static final Option<Double> L1 = Option.real("l1", OptionGroup.REGULARISATION, "X", 0, "L1 penalty")
            .check(v -> v >= 0, "must be at least 0");
    /** Max-norm constraint. */
    public static final Option<Double> MAX_NORM = Option.real("max-norm", OptionGroup.REGULARISATION, "X", 0,
            "max-norm constraint on weights, 0 = off").check(v -> v >= 0, "must be at least 0");
    /** Label smoothing. */
    public static final Option<Double> LABEL_SMOOTHING = Option.real("label-smoothing", OptionGroup.REGULARISATION, "X", 0,
            "label smoothing epsilon").check(v -> v >= 0 && v < 1, "must be in [0, 1)");
    /** Stochastic depth. */
    public static final Option<Double> DROP_PATH = Option.real("drop-path", OptionGroup.REGULARISATION, "X", 0,
            "stochastic-depth (drop path) rate of the deepest block, for architectures built with it")
            .check(v -> v >= 0 && v < 1, "must be in [0, 1)").withoutDefault("the architecture's");
    /** Training augmentation. */
    public static final Option<String> AUGMENT = Option.text("augment", OptionGroup.AUGMENTATION, "SPEC", "",
            "training augmentation, e.g. hflip,rotate=20,rrc=0.6-1.0,jitter=0.2,mixup=0.2 (graft augment shows it)")
            .describeDefault("none");
    /** How an epoch draws its images. */
    public static final Option<Sampler> SAMPLER = Option.choice("sampler", OptionGroup.TRAINING, Sampler.class, Sampler.RANDOM,
            "random: each image once per epoch; balanced: as many draws with replacement, every class equally likely");
    /** The loss. */
    public static final Option<LossKind> LOSS = Option.choice("loss", OptionGroup.TRAINING, LossKind.class, LossKind.CROSS_ENTROPY,
            "training loss; focal down-weights well-classified examples (class weights are its alpha)");
    /** The focal loss's γ. */
    public static final Option<Double> FOCAL_GAMMA = Option.real("focal-gamma", OptionGroup.TRAINING, "X", 2,
            "focal loss: focusing parameter gamma, 0 = cross-entropy").check(v -> v >= 0 && v <= 10, "must be in [0, 10]");
    /** Epochs at each earlier size of progressive resizing. */
    public static final Option<Integer> RESIZE_EPOCHS = Option.integer("resize-epochs", OptionGroup.DATA, "N", 0,
            "progressive resizing (image-size A,B): epochs trained at each size before the last").check(v -> v >= 0, "must be at least 0")
            .describeDefault("0, no progressive resizing");

    /** The value of {@code lr} that has the learning-rate range test choose the rate. */
    public static final String AUTO = "auto";
    /** Steps of the learning-rate range test. */
    public static final Option<Integer> LR_FIND_STEPS = Option.integer("lr-find-steps", OptionGroup.TRAINING, "N", 100,
            "steps of the learning-rate range test (graft lr-find, lr auto), cycling through the training batches")
            .check(v -> v >= 10, "must be at least 10");

    /** Exponential moving average of the weights. */
    public static final Option<Double> EMA = Option.real("ema", OptionGroup.TRAINING, "DECAY", 0,
            "keep an exponential moving average of the weights (timm's ModelEma, e.g. 0.999; warm-up min(DECAY, (1+t)/(10+t)))"
            + " and validate, select and save it, 0 = off").check(v -> v >= 0 && v < 1, "must be in [0, 1)");
    /** Stochastic weight averaging. */
    public static final Option<Integer> SWA_EPOCHS = Option.integer("swa-epochs", OptionGroup.TRAINING, "N", 0,
            "stochastic weight averaging: the model is the mean of the last N epochs' weights, BatchNorm statistics recomputed;"
            + " turns off early stopping and best-epoch restore, 0 = off").check(v -> v >= 0, "must be at least 0");

    /** Every training option, in help order. */
    public static final List<Option<?>> ALL = List.of(EPOCHS, BATCH_SIZE, OPTIMIZER, LEARNING_RATE, TRUNK_LR_FACTOR, LAYER_DECAY,
            LR_FIND_STEPS, UNFREEZE_AFTER, SCHEDULE, WARMUP, STEP_EPOCHS, STEP_GAMMA, METRIC, PATIENCE, KEEP_WEIGHTS, SEED, DIVERGENCE_FACTOR, WEIGHT_DECAY, L1,
            MAX_NORM, LABEL_SMOOTHING, DROP_PATH, AUGMENT, EMA, SWA_EPOCHS, SAMPLER, LOSS, FOCAL_GAMMA, RESIZE_EPOCHS);

    /** Which epoch's weights a run ends with. */
    public enum Keep {
        /** The best validation epoch's. */
        BEST,
        /** The last epoch's (Keras's default). */
        LAST
    }

    /** @return a builder with the declared defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these options */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.optimizer = optimizer;
        b.learningRate = learningRate;
        b.trunkLearningRateFactor = trunkLearningRateFactor;
        b.layerDecay = layerDecay;
        b.weightDecay = weightDecay;
        b.l1 = l1;
        b.maxNorm = maxNorm;
        b.schedule = schedule;
        b.warmupEpochs = warmupEpochs;
        b.stepEpochs = stepEpochs;
        b.stepGamma = stepGamma;
        b.labelSmoothing = labelSmoothing;
        b.dropPath = dropPath;
        b.metric = metric;
        b.patience = patience;
        b.restoreBest = restoreBest;
        b.unfreezeAfter = unfreezeAfter;
        b.augment = augment;
        b.seed = seed;
        b.divergenceFactor = divergenceFactor;
        b.learningRateAuto = learningRateAuto;
        b.lrFindSteps = lrFindSteps;
        b.ema = ema;
        b.swaEpochs = swaEpochs;
        b.sampler = sampler;
        b.loss = loss;
        b.focalGamma = focalGamma;
        b.progressiveSizes = progressiveSizes;
        b.resizeEpochs = resizeEpochs;
        return b;
    }

    /**
     * Returns these options with a learning rate the range test chose: numeric, no longer auto.
     *
     * @param rate the rate
     * @return the copy
     */
    public TrainingOptions withLearningRate(float rate) {
        return toBuilder().optLearningRate(rate).optLearningRateAuto(false).build();
    }

    /** Builds {@link TrainingOptions}: {@code opt…} setters, validation in {@link #build()}. */
    public static final class Builder {
        private int epochs = EPOCHS.defaultValue();
        private int batchSize = BATCH_SIZE.defaultValue();
        private OptimizerKind optimizer = OPTIMIZER.defaultValue();
        private float learningRate = LEARNING_RATE.defaultValue().floatValue();
        private float trunkLearningRateFactor = TRUNK_LR_FACTOR.defaultValue().floatValue();
        private float layerDecay = LAYER_DECAY.defaultValue().floatValue();
        private float weightDecay = WEIGHT_DECAY.defaultValue().floatValue();
        private float l1 = L1.defaultValue().floatValue();
        private float maxNorm = MAX_NORM.defaultValue().floatValue();
        private Schedule schedule = SCHEDULE.defaultValue();
        private int warmupEpochs = WARMUP.defaultValue();
        private int stepEpochs = STEP_EPOCHS.defaultValue();
        private float stepGamma = STEP_GAMMA.defaultValue().floatValue();
        private float labelSmoothing = LABEL_SMOOTHING.defaultValue().floatValue();
        private Float dropPath;
        private SelectionMetric metric = METRIC.defaultValue();
        private int patience = PATIENCE.defaultValue();
        private boolean restoreBest = KEEP_WEIGHTS.defaultValue() == Keep.BEST;
        private int unfreezeAfter = UNFREEZE_AFTER.defaultValue();
        private String augment = AUGMENT.defaultValue();
        private long seed = SEED.defaultValue();
        private float divergenceFactor = DIVERGENCE_FACTOR.defaultValue().floatValue();
        private boolean learningRateAuto;
        private int lrFindSteps = LR_FIND_STEPS.defaultValue();
        private float ema = EMA.defaultValue().floatValue();
        private int swaEpochs = SWA_EPOCHS.defaultValue();
        private Sampler sampler = SAMPLER.defaultValue();
        private LossKind loss = LOSS.defaultValue();
        private float focalGamma = FOCAL_GAMMA.defaultValue().floatValue();
        private List<Integer> progressiveSizes = List.of();
        private int resizeEpochs = RESIZE_EPOCHS.defaultValue();

        Builder() {}

        /** @param v epochs @return this */
        public Builder optEpochs(int v) { epochs = v; return this; }
        /** @param v batch size @return this */
        public Builder optBatchSize(int v) { batchSize = v; return this; }
        /** @param v optimiser @return this */
        public Builder optOptimizer(OptimizerKind v) { optimizer = v; return this; }
        /** @param v learning rate @return this */
        public Builder optLearningRate(float v) { learningRate = v; return this; }
        /** @param v trunk learning-rate factor @return this */
        public Builder optTrunkLearningRateFactor(float v) { trunkLearningRateFactor = v; return this; }
        /** @param v layer-wise learning-rate decay in (0, 1], 1 for none @return this */
        public Builder optLayerDecay(float v) { layerDecay = v; return this; }
        /** @param v weight decay @return this */
        public Builder optWeightDecay(float v) { weightDecay = v; return this; }
        /** @param v L1 penalty @return this */
        public Builder optL1(float v) { l1 = v; return this; }
        /** @param v max norm @return this */
        public Builder optMaxNorm(float v) { maxNorm = v; return this; }
        /** @param v schedule @return this */
        public Builder optSchedule(Schedule v) { schedule = v; return this; }
        /** @param v warm-up epochs @return this */
        public Builder optWarmupEpochs(int v) { warmupEpochs = v; return this; }
        /** @param v epochs between decays @return this */
        public Builder optStepEpochs(int v) { stepEpochs = v; return this; }
        /** @param v decay factor @return this */
        public Builder optStepGamma(float v) { stepGamma = v; return this; }
        /** @param v label smoothing @return this */
        public Builder optLabelSmoothing(float v) { labelSmoothing = v; return this; }
        /** @param v drop-path rate of the deepest block in [0, 1), {@code null} for the architecture's @return this */
        public Builder optDropPath(Float v) { dropPath = v; return this; }
        /** @param v selection metric @return this */
        public Builder optMetric(SelectionMetric v) { metric = v; return this; }
        /** @param v patience @return this */
        public Builder optPatience(int v) { patience = v; return this; }
        /** @param v whether to end with the best epoch's weights @return this */
        public Builder optRestoreBest(boolean v) { restoreBest = v; return this; }
        /** @param v epochs before unfreezing @return this */
        public Builder optUnfreezeAfter(int v) { unfreezeAfter = v; return this; }
        /** @param v augmentation spec, {@code ""} for none @return this */
        public Builder optAugment(String v) { augment = v == null ? "" : v; return this; }
        /** @param v seed @return this */
        public Builder optSeed(long v) { seed = v; return this; }
        /** @param v divergence factor @return this */
        public Builder optDivergenceFactor(float v) { divergenceFactor = v; return this; }
        /** @param v whether the learning-rate range test chooses the rate ({@code lr auto}) @return this */
        public Builder optLearningRateAuto(boolean v) { learningRateAuto = v; return this; }
        /** @param v steps of the learning-rate range test @return this */
        public Builder optLrFindSteps(int v) { lrFindSteps = v; return this; }
        /** @param v EMA decay in [0, 1), 0 for none @return this */
        public Builder optEma(float v) { ema = v; return this; }
        /** @param v epochs stochastic weight averaging averages, 0 for none @return this */
        public Builder optSwaEpochs(int v) { swaEpochs = v; return this; }
        /** @param v how an epoch draws its images @return this */
        public Builder optSampler(Sampler v) { sampler = v; return this; }
        /** @param v the loss @return this */
        public Builder optLoss(LossKind v) { loss = v; return this; }
        /** @param v the focal loss's γ, at least 0 @return this */
        public Builder optFocalGamma(float v) { focalGamma = v; return this; }
        /**
         * @param sides the input sides trained at before the run's own image size, in order, each
         *     for {@code resizeEpochs} epochs (empty for none)
         * @param resizeEpochs epochs at each of them
         * @return this
         */
        public Builder optProgressiveSizes(List<Integer> sides, int resizeEpochs) {
            progressiveSizes = List.copyOf(sides);
            this.resizeEpochs = resizeEpochs;
            return this;
        }

        /**
         * Validates each value against its option's rule, then the rules between options.
         *
         * @return the options
         * @throws IllegalArgumentException naming the option and the bad value
         */
        public TrainingOptions build() {
            EPOCHS.validate(epochs);
            BATCH_SIZE.validate(batchSize);
            LEARNING_RATE.validate(Float.isFinite(learningRate) ? (double) learningRate : -1);
            TRUNK_LR_FACTOR.validate((double) trunkLearningRateFactor);
            LAYER_DECAY.validate((double) layerDecay);
            DROP_PATH.validate(dropPath == null ? null : (double) dropPath);
            WEIGHT_DECAY.validate((double) weightDecay);
            L1.validate((double) l1);
            MAX_NORM.validate((double) maxNorm);
            LABEL_SMOOTHING.validate((double) labelSmoothing);
            PATIENCE.validate(patience);
            UNFREEZE_AFTER.validate(unfreezeAfter);
            WARMUP.validate(warmupEpochs);
            STEP_EPOCHS.validate(stepEpochs);
            STEP_GAMMA.validate((double) stepGamma);
            DIVERGENCE_FACTOR.validate((double) divergenceFactor);
            LR_FIND_STEPS.validate(lrFindSteps);
            require(schedule != Schedule.ONECYCLE || warmupEpochs == 0, "warmup does not apply to schedule onecycle, which warms up"
                    + " over its first quarter of steps by itself; leave warmup out (or 0), or use schedule cosine with warmup.");
            EMA.validate(Float.isFinite(ema) ? (double) ema : -1);
            SWA_EPOCHS.validate(swaEpochs);
            require(swaEpochs <= epochs, "swa-epochs must be at most epochs (" + epochs + "), got " + swaEpochs + ".");
            require(ema == 0 || swaEpochs == 0, "ema and swa-epochs are two ways to average the weights and cannot be combined;"
                    + " pass one of them.");
            FOCAL_GAMMA.validate((double) focalGamma);
            RESIZE_EPOCHS.validate(resizeEpochs);
            progressiveSizes.forEach(side -> require(side >= 16 && side <= 1024, "image-size sides must be in [16, 1024], got " + side + "."));
            require(progressiveSizes.isEmpty() == (resizeEpochs == 0), progressiveSizes.isEmpty()
                    ? "resize-epochs applies to progressive resizing; give image-size several sides, e.g. 128,224, or leave resize-epochs out."
                    : "image-size with several sides trains at each before the last: give resize-epochs N, the epochs at each"
                            + " (e.g. image-size 128,224 resize-epochs 3).");
            require(progressiveSizes.isEmpty() || resizeEpochs * progressiveSizes.size() < epochs, "resize-epochs " + resizeEpochs
                    + " x " + progressiveSizes.size() + " earlier image sizes leaves no epoch at the last size; use fewer, or more epochs (now "
                    + epochs + ").");
            require(unfreezeAfter == 0 || unfreezeAfter < epochs, "unfreeze-after must be smaller than epochs (" + epochs + "), got "
                    + unfreezeAfter + ".");
            require(warmupEpochs == 0 || warmupEpochs < epochs, "warmup must be smaller than epochs (" + epochs + "), got "
                    + warmupEpochs + ".");
            java.util.Objects.requireNonNull(optimizer, "optimizer");
            java.util.Objects.requireNonNull(schedule, "schedule");
            java.util.Objects.requireNonNull(metric, "metric");
            java.util.Objects.requireNonNull(sampler, "sampler");
            java.util.Objects.requireNonNull(loss, "loss");
            dev.graft.datasets.augment.AugmentPipeline.parse(augment);
            return new TrainingOptions(epochs, batchSize, optimizer, learningRate, trunkLearningRateFactor, layerDecay,
                    weightDecay, l1, maxNorm, schedule, warmupEpochs, stepEpochs, stepGamma, labelSmoothing, dropPath, metric, patience,
                    restoreBest, unfreezeAfter, augment, seed, divergenceFactor, learningRateAuto, lrFindSteps, ema, swaEpochs,
                    sampler, loss, focalGamma, progressiveSizes, resizeEpochs);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
