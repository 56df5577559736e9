package dev.graft.core.train;

import java.util.List;

import dev.graft.core.metric.ClassificationReport;

/**
 * One epoch's outcome: a row of {@code history.csv}.
 *
 * @param epoch the 1-based epoch
 * @param trainLoss the mean training loss
 * @param trainAccuracy the training accuracy (on the fly, in training mode)
 * @param validation the validation metrics
 * @param learningRate the head's learning rate at the epoch's last step
 * @param imagesPerSecond training throughput
 * @param seconds the epoch's wall time
 * @param frozenModules how many trunk modules were frozen
 * @param tasks each task's share of the epoch in a multi-task run ({@code null} for one task;
 *     then {@code validation} is the main task's)
 */
public record EpochResult(
        int epoch,
        double trainLoss,
        double trainAccuracy,
        ClassificationReport validation,
        double learningRate,
        double imagesPerSecond,
        double seconds,
        int frozenModules,
        List<TaskEpoch> tasks) {

    /**
     * A single-task epoch.
     *
     * @param epoch the epoch
     * @param trainLoss the mean training loss
     * @param trainAccuracy the training accuracy
     * @param validation the validation metrics
     * @param learningRate the learning rate
     * @param imagesPerSecond throughput
     * @param seconds wall time
     * @param frozenModules frozen trunk modules
     */
    public EpochResult(int epoch, double trainLoss, double trainAccuracy, ClassificationReport validation, double learningRate,
            double imagesPerSecond, double seconds, int frozenModules) {
        this(epoch, trainLoss, trainAccuracy, validation, learningRate, imagesPerSecond, seconds, frozenModules, null);
    }

    /**
     * Finds the epoch after which a task stopped training.
     *
     * @param history a multi-task run's epochs
     * @param task the task
     * @return the epoch, or 0 if it never stopped
     */
    public static int stoppedAfter(List<EpochResult> history, String task) {
        return history.stream().filter(e -> e.tasks() != null && e.tasks().stream().anyMatch(t -> t.task().equals(task) && t.stopped()))
                .mapToInt(EpochResult::epoch).min().orElse(0);
    }

    /**
     * One task's part of a multi-task epoch.
     *
     * @param task the task
     * @param trainLoss its mean training loss over labelled images
     * @param validation its validation metrics over labelled images (class metrics, or errors for
     *     a regression task; {@code null} without labelled validation images)
     * @param lossWeight its loss weight at the end of the epoch (learned with uncertainty weighting)
     * @param stopped whether it has stopped training (its head frozen)
     */
    public record TaskEpoch(String task, double trainLoss, dev.graft.core.metric.TaskScore validation, double lossWeight,
            boolean stopped) {}
}
