package dev.graft.core.train;

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
 * @param weightDecay weight decay
 * @param l1 L1 penalty
 * @param maxNorm max-norm constraint (0 for none)
 * @param schedule {@code constant}, {@code step} or {@code cosine}
 * @param warmupEpochs epochs of linear warm-up
 * @param stepEpochs epochs between step decays
 * @param stepGamma the step decay factor
 * @param labelSmoothing label smoothing ε
 * @param metric the validation metric that selects the best epoch and drives early stopping
 * @param patience epochs without improvement before stopping (0 to never stop early)
 * @param restoreBest whether the model ends with the best epoch's weights (else the last
 *     epoch's, as Keras does by default)
 * @param unfreezeAfter epochs trained with the whole trunk frozen before unfreezing to the
 *     requested level (fastai's {@code fine_tune}); 0 to start unfrozen
 * @param augment the training augmentation spec ({@code ""} for none), see AugmentPipeline
 * @param seed the random seed
 * @param divergenceFactor a loss this many times the first epoch's mean, or NaN, stops the run
 */
public record TrainingOptions(
        int epochs,
        int batchSize,
        OptimizerKind optimizer,
        float learningRate,
        float trunkLearningRateFactor,
        float weightDecay,
        float l1,
        float maxNorm,
        String schedule,
        int warmupEpochs,
        int stepEpochs,
        float stepGamma,
        float labelSmoothing,
        String metric,
        int patience,
        boolean restoreBest,
        int unfreezeAfter,
        String augment,
        long seed,
        float divergenceFactor) {

    /** @return a builder with sensible defaults */
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
        b.weightDecay = weightDecay;
        b.l1 = l1;
        b.maxNorm = maxNorm;
        b.schedule = schedule;
        b.warmupEpochs = warmupEpochs;
        b.stepEpochs = stepEpochs;
        b.stepGamma = stepGamma;
        b.labelSmoothing = labelSmoothing;
        b.metric = metric;
        b.patience = patience;
        b.restoreBest = restoreBest;
        b.unfreezeAfter = unfreezeAfter;
        b.augment = augment;
        b.seed = seed;
        b.divergenceFactor = divergenceFactor;
        return b;
    }

    /** Builds {@link TrainingOptions}: {@code opt…} setters, validation in {@link #build()}. */
    public static final class Builder {
        private int epochs = 10;
        private int batchSize = 32;
        private OptimizerKind optimizer = OptimizerKind.ADAMW;
        private float learningRate = 1e-3f;
        private float trunkLearningRateFactor = 0.1f;
        private float weightDecay = 1e-4f;
        private float l1;
        private float maxNorm;
        private String schedule = "cosine";
        private int warmupEpochs;
        private int stepEpochs = 10;
        private float stepGamma = 0.1f;
        private float labelSmoothing;
        private String metric = "accuracy";
        private int patience = 5;
        private boolean restoreBest = true;
        private int unfreezeAfter;
        private String augment = "";
        private long seed = 42;
        private float divergenceFactor = 100f;

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
        /** @param v weight decay @return this */
        public Builder optWeightDecay(float v) { weightDecay = v; return this; }
        /** @param v L1 penalty @return this */
        public Builder optL1(float v) { l1 = v; return this; }
        /** @param v max norm @return this */
        public Builder optMaxNorm(float v) { maxNorm = v; return this; }
        /** @param v schedule @return this */
        public Builder optSchedule(String v) { schedule = v; return this; }
        /** @param v warm-up epochs @return this */
        public Builder optWarmupEpochs(int v) { warmupEpochs = v; return this; }
        /** @param v epochs between decays @return this */
        public Builder optStepEpochs(int v) { stepEpochs = v; return this; }
        /** @param v decay factor @return this */
        public Builder optStepGamma(float v) { stepGamma = v; return this; }
        /** @param v label smoothing @return this */
        public Builder optLabelSmoothing(float v) { labelSmoothing = v; return this; }
        /** @param v selection metric @return this */
        public Builder optMetric(String v) { metric = v; return this; }
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

        /**
         * Validates and builds.
         *
         * @return the options
         * @throws IllegalArgumentException naming the bad value
         */
        public TrainingOptions build() {
            require(epochs >= 1, "--epochs must be at least 1, got " + epochs);
            require(batchSize >= 2, "--batch-size must be at least 2 (BatchNorm needs two examples), got " + batchSize);
            require(learningRate > 0 && Float.isFinite(learningRate), "--lr must be a positive number, got " + learningRate);
            require(trunkLearningRateFactor > 0, "the trunk learning-rate factor must be positive, got " + trunkLearningRateFactor);
            require(weightDecay >= 0 && l1 >= 0 && maxNorm >= 0, "--weight-decay, --l1 and --max-norm must be >= 0");
            require(labelSmoothing >= 0 && labelSmoothing < 1, "--label-smoothing must be in [0, 1), got " + labelSmoothing);
            require(patience >= 0, "--patience must be >= 0, got " + patience);
            require(unfreezeAfter >= 0 && unfreezeAfter < epochs || unfreezeAfter == 0,
                    "--unfreeze-after must be smaller than --epochs");
            new LearningRateSchedule(schedule, learningRate, 0, 1, 1, stepEpochs, stepGamma);
            dev.graft.core.metric.ClassificationReport.higherIsBetter(metric);
            dev.graft.datasets.augment.AugmentPipeline.parse(augment);
            java.util.Set<String> metrics = java.util.Set.of("accuracy", "balanced_accuracy", "macro_f1", "auc", "weighted_error", "loss");
            require(metrics.contains(metric), "unknown --metric '" + metric + "'; use one of " + new java.util.TreeSet<>(metrics));
            return new TrainingOptions(epochs, batchSize, optimizer, learningRate, trunkLearningRateFactor, weightDecay,
                    l1, maxNorm, schedule, warmupEpochs, stepEpochs, stepGamma, labelSmoothing, metric, patience,
                    restoreBest, unfreezeAfter, augment, seed, divergenceFactor);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
