package dev.graft.core.train;

/**
 * The learning rate at each step: linear warm-up from zero, then constant, step decay (×{@code
 * gamma} every {@code stepEpochs}) or cosine annealing to zero at the last step; or fastai's one
 * cycle, which also sets the momentum of each step ({@link #momentumAt}).
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

    /** One cycle: the rate starts at {@code baseRate / ONE_CYCLE_DIV} (fastai's {@code div}). */
    public static final double ONE_CYCLE_DIV = 25;
    /** One cycle: the rate ends at {@code baseRate / ONE_CYCLE_DIV_FINAL} (fastai's {@code div_final}). */
    public static final double ONE_CYCLE_DIV_FINAL = 1e5;
    /** One cycle: the share of the steps over which the rate rises (fastai's {@code pct_start}). */
    public static final double ONE_CYCLE_PCT_START = 0.25;
    /** One cycle: the momentum (SGD) or β1 (Adam) at the start and the end of the cycle. */
    public static final float ONE_CYCLE_MOMENTUM_HIGH = 0.95f;
    /** One cycle: the momentum (SGD) or β1 (Adam) at the peak rate. */
    public static final float ONE_CYCLE_MOMENTUM_LOW = 0.85f;

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
        if (kind == Schedule.ONECYCLE) {
            return (float) oneCycle(step, baseRate / ONE_CYCLE_DIV, baseRate, baseRate / ONE_CYCLE_DIV_FINAL);
        }
        if (step < warmupSteps) {
            return baseRate * (step + 1) / warmupSteps;
        }
        return switch (kind) {
            case STEP -> baseRate * (float) Math.pow(gamma, (step / Math.max(1, stepsPerEpoch)) / Math.max(1, stepEpochs));
            case COSINE -> {
                double progress = (step - warmupSteps) / (double) Math.max(1, totalSteps - warmupSteps);
                yield (float) (baseRate * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress))));
            }
            case CONSTANT, ONECYCLE -> baseRate;
        };
    }

    /**
     * Returns the momentum (SGD) or β1 (Adam, AdamW) of a step under one cycle, which moves
     * against the rate as fastai's {@code fit_one_cycle} does.
     *
     * @param step the 0-based global step
     * @return the momentum, or NaN when the schedule does not set it (the optimiser keeps its own)
     */
    public float momentumAt(int step) {
        return kind == Schedule.ONECYCLE
                ? (float) oneCycle(step, ONE_CYCLE_MOMENTUM_HIGH, ONE_CYCLE_MOMENTUM_LOW, ONE_CYCLE_MOMENTUM_HIGH)
                : Float.NaN;
    }

    /**
     * fastai's {@code combined_cos}: cosine from {@code start} to {@code middle} over the first
     * {@link #ONE_CYCLE_PCT_START} of the run, then from {@code middle} to {@code end}. The
     * position runs from 0 at the first step to 1 at the last, so both ends are met exactly.
     */
    private double oneCycle(int step, double start, double middle, double end) {
        double position = Math.min(1, step / (double) Math.max(1, totalSteps - 1));
        return position < ONE_CYCLE_PCT_START
                ? cosine(start, middle, position / ONE_CYCLE_PCT_START)
                : cosine(middle, end, (position - ONE_CYCLE_PCT_START) / (1 - ONE_CYCLE_PCT_START));
    }

    /** fastai's {@code SchedCos}: from {@code from} at 0 to {@code to} at 1 along half a cosine. */
    private static double cosine(double from, double to, double position) {
        return from + (1 + Math.cos(Math.PI * (1 - position))) * (to - from) / 2;
    }
}
