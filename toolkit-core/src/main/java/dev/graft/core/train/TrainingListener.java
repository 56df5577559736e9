package dev.graft.core.train;

/**
 * Hears what the training loop does; every method has a no-op default. The command line renders
 * these events as a progress bar; the core never prints.
 */
public interface TrainingListener {

    /**
     * A run starts.
     *
     * @param epochs the planned epochs
     * @param stepsPerEpoch steps per epoch
     * @param startEpoch the first epoch to run (greater than 1 when resuming)
     */
    default void onTrainingStart(int epochs, int stepsPerEpoch, int startEpoch) {}

    /**
     * A step finished.
     *
     * @param epoch the epoch
     * @param step the 1-based step within the epoch
     * @param loss the step's loss
     * @param imagesPerSecond the epoch's throughput so far
     */
    default void onStep(int epoch, int step, double loss, double imagesPerSecond) {}

    /**
     * An epoch finished and was evaluated.
     *
     * @param result the epoch's outcome
     * @param improved whether it is the best so far by the selection metric
     */
    default void onEpoch(EpochResult result, boolean improved) {}

    /**
     * An epoch ended, after {@link #onEpoch}: checkpointing and early stopping happen here; a
     * listener may ask the loop to stop.
     *
     * @param end the epoch's end
     */
    default void onEpochEnd(EpochEnd end) {}

    /**
     * A step computed its loss and is about to update the weights; throwing stops the run
     * before the update (the divergence check).
     *
     * @param epoch the epoch
     * @param step the 1-based step
     * @param loss the step's loss
     * @param rate the head's learning rate
     * @param state the loop's bookkeeping before the epoch
     */
    default void beforeUpdate(int epoch, int step, float loss, float rate, TrainingState state) {}

    /**
     * A message worth showing (unfreezing, early stopping, restoring the best weights).
     *
     * @param message the message
     */
    default void onEvent(String message) {}

    /**
     * One listener that tells each of several, in order.
     *
     * @param listeners the listeners
     * @return the composite
     */
    static TrainingListener all(java.util.List<TrainingListener> listeners) {
        java.util.List<TrainingListener> copy = java.util.List.copyOf(listeners);
        return new TrainingListener() {
            @Override
            public void onTrainingStart(int epochs, int stepsPerEpoch, int startEpoch) {
                copy.forEach(l -> l.onTrainingStart(epochs, stepsPerEpoch, startEpoch));
            }

            @Override
            public void onStep(int epoch, int step, double loss, double imagesPerSecond) {
                copy.forEach(l -> l.onStep(epoch, step, loss, imagesPerSecond));
            }

            @Override
            public void onEpoch(EpochResult result, boolean improved) {
                copy.forEach(l -> l.onEpoch(result, improved));
            }

            @Override
            public void onEvent(String message) {
                copy.forEach(l -> l.onEvent(message));
            }
        };
    }
}
