package dev.graft.core.train;

/**
 * What the loop knows when an epoch ends, handed to each {@link TrainingListener}; a listener
 * (early stopping) may ask the loop to stop after this epoch.
 */
public final class EpochEnd {

    private final EpochResult result;
    private final boolean improved;
    private final TrainingState state;
    private final java.util.Map<String, dev.graft.zoo.weights.TensorData> weights;
    private final java.util.Map<String, dev.graft.zoo.weights.TensorData> best;
    private String stopReason;

    /**
     * Describes an epoch's end.
     *
     * @param result the epoch's outcome
     * @param improved whether it is the best so far by the selection metric
     * @param state the loop's bookkeeping after the epoch
     * @param weights the epoch's weights, copied (for checkpoints)
     * @param best the best epoch's weights so far, copied
     */
    EpochEnd(EpochResult result, boolean improved, TrainingState state, java.util.Map<String, dev.graft.zoo.weights.TensorData> weights,
            java.util.Map<String, dev.graft.zoo.weights.TensorData> best) {
        this.result = result;
        this.improved = improved;
        this.state = state;
        this.weights = weights;
        this.best = best;
    }

    /** @return the epoch's weights, copied to Java memory */
    java.util.Map<String, dev.graft.zoo.weights.TensorData> weights() {
        return weights;
    }

    /** @return the best epoch's weights so far, copied to Java memory */
    java.util.Map<String, dev.graft.zoo.weights.TensorData> best() {
        return best;
    }

    /** @return the epoch's outcome */
    public EpochResult result() {
        return result;
    }

    /** @return whether it is the best so far */
    public boolean improved() {
        return improved;
    }

    /** @return the loop's bookkeeping after the epoch */
    public TrainingState state() {
        return state;
    }

    /**
     * Asks the loop to stop after this epoch.
     *
     * @param reason why, shown to the user
     */
    public void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    /** @return why a listener asked to stop, or {@code null} to go on */
    public String stopReason() {
        return stopReason;
    }
}
