package dev.graft.core.train;

/**
 * The learning rate at each step: linear warm-up from zero, then constant, step decay (×{@code
 * gamma} every {@code stepEpochs}) or cosine annealing to zero at the last step.
 *
 * @param kind the schedule
 * @param baseRate the peak learning rate
 * @param warmupSteps steps of linear warm-up
 * @param totalSteps all steps of the run
 * @param stepsPerEpoch steps per epoch (for step decay)
 * @param stepEpochs epochs between decays (step decay)
 * @param gamma the decay factor (step decay)
 */
public record LearningRateSchedule(
        Schedule kind, float baseRate, int warmupSteps, int totalSteps, int stepsPerEpoch, int stepEpochs, float gamma) {

    /** Validates the kind. */
    public LearningRateSchedule {
        java.util.Objects.requireNonNull(kind, "schedule");
        if (!(baseRate > 0) || !Float.isFinite(baseRate)) {
            throw new IllegalArgumentException("the learning rate must be a positive number, got " + baseRate);
        }
    }

    /**
     * Returns the learning rate of a step.
     *
     * @param step the 0-based global step
     * @return the rate
     */
    public float at(int step) {
        if (step < warmupSteps) {
            return baseRate * (step + 1) / warmupSteps;
        }
        return switch (kind) {
            case STEP -> baseRate * (float) Math.pow(gamma, (step / Math.max(1, stepsPerEpoch)) / Math.max(1, stepEpochs));
            case COSINE -> {
                double progress = (step - warmupSteps) / (double) Math.max(1, totalSteps - warmupSteps);
                yield (float) (baseRate * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress))));
            }
            case CONSTANT -> baseRate;
        };
    }
}
