package dev.graft.core.train;

import java.util.List;
import java.util.Map;

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
 * @param tasks per auxiliary task of a multi-task run, its early-stopping bookkeeping ({@code
 *     null} for one task)
 */
public record TrainingState(
        int completedEpochs,
        int globalStep,
        int bestEpoch,
        double bestValue,
        int epochsWithoutImprovement,
        double firstEpochLoss,
        List<EpochResult> history,
        Map<String, TaskProgress> tasks) {

    /** Copies the history. */
    public TrainingState {
        history = List.copyOf(history);
        tasks = tasks == null ? null : Map.copyOf(tasks);
    }

    /**
     * A single-task state.
     *
     * @param completedEpochs epochs finished
     * @param globalStep steps taken
     * @param bestEpoch the best epoch
     * @param bestValue its metric value
     * @param epochsWithoutImprovement epochs since
     * @param firstEpochLoss the first epoch's loss
     * @param history every finished epoch
     */
    public TrainingState(int completedEpochs, int globalStep, int bestEpoch, double bestValue, int epochsWithoutImprovement,
            double firstEpochLoss, List<EpochResult> history) {
        this(completedEpochs, globalStep, bestEpoch, bestValue, epochsWithoutImprovement, firstEpochLoss, history, null);
    }

    /**
     * An auxiliary task's early-stopping bookkeeping.
     *
     * @param bestValue its best validation metric so far
     * @param epochsWithoutImprovement epochs since
     * @param stoppedAfter the epoch after which it stopped training, 0 while it trains
     */
    public record TaskProgress(double bestValue, int epochsWithoutImprovement, int stoppedAfter) {}
}
