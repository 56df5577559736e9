package dev.graft.core.train;

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
 */
public record EpochResult(
        int epoch,
        double trainLoss,
        double trainAccuracy,
        ClassificationReport validation,
        double learningRate,
        double imagesPerSecond,
        double seconds,
        int frozenModules) {}
