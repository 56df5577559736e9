package dev.graft.core.train;

import java.util.List;

/**
 * The loop's bookkeeping saved with each checkpoint, so a resumed run continues exactly.
 *
 * @param completedEpochs epochs finished
 * @param globalStep optimiser steps taken
 * @param bestEpoch the best epoch so far (0 if none)
 * @param bestValue its selection-metric value
 * @param epochsWithoutImprovement epochs since the best one
 * @param firstEpochLoss the first epoch's mean training loss (for divergence checks)
 * @param history every finished epoch
 */
public record TrainingState(
        int completedEpochs,
        int globalStep,
        int bestEpoch,
        double bestValue,
        int epochsWithoutImprovement,
        double firstEpochLoss,
        List<EpochResult> history) {

    /** Copies the history. */
    public TrainingState {
        history = List.copyOf(history);
    }
}
