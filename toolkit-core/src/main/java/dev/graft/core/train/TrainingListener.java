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
     * A message worth showing (unfreezing, early stopping, restoring the best weights).
     *
     * @param message the message
     */
    default void onEvent(String message) {}
}
