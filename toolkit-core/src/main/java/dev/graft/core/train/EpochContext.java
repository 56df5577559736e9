package dev.graft.core.train;

import java.util.List;

/**
 * What an objective needs to train one epoch: the epoch, the frozen part's features, the
 * optimiser and schedule, the loop's state before the epoch, its augmented batches and the
 * listeners that hear each step.
 *
 * @param epoch the 1-based epoch
 * @param cache frozen features
 * @param optimizer the optimiser
 * @param schedule the learning-rate schedule
 * @param state the loop's bookkeeping before the epoch
 * @param stepsPerEpoch the number of steps
 * @param augmented the epoch's augmented batches, or {@code null}
 * @param listeners every listener, the loop's own included
 */
record EpochContext(int epoch, FeatureCache cache, Optimizer optimizer, LearningRateSchedule schedule, TrainingState state,
        int stepsPerEpoch, AugmentedBatches augmented, List<TrainingListener> listeners) {

    /**
     * Tells the listeners a step's loss before its update (the divergence check may throw).
     *
     * @param step the 1-based step
     * @param loss the loss
     * @param rate the head's learning rate
     */
    void beforeUpdate(int step, float loss, float rate) {
        listeners.forEach(l -> l.beforeUpdate(epoch, step, loss, rate, state));
    }
}
