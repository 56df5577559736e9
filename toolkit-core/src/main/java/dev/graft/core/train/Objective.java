package dev.graft.core.train;

import dev.graft.core.metric.ClassificationReport;
import dev.graft.datasets.augment.AugmentPipeline;
import java.util.List;
import java.util.Map;

/**
 * What a training loop optimises and how it scores an epoch: one task ({@link FineTuner}) or
 * several ({@link MultiTaskTuner}). The loop around it (resuming, freezing, frozen features,
 * selection, checkpoints, early stopping) is the same.
 */
interface Objective {

    /** @return the training augmentation, checked for this objective, or {@code null} */
    AugmentPipeline augmentation();

    /** @return the class count augmented batches mix targets over */
    int classes();

    /** @return the loss of a blind guess, the divergence check's floor */
    double blindLoss();

    /** @return per auxiliary task, the early-stopping bookkeeping a fresh run starts with ({@code null} for one task) */
    default Map<String, TrainingState.TaskProgress> startProgress() {
        return null;
    }

    /**
     * Restores what a checkpoint's state implies beyond the weights (e.g. stopped tasks).
     *
     * @param state the restored state
     */
    default void resumed(TrainingState state) {}

    /**
     * Trains one epoch.
     *
     * @param epoch the epoch's context
     * @return the epoch's loss and training accuracy
     */
    Training train(EpochContext epoch);

    /**
     * Scores the epoch on validation data, and updates any per-task bookkeeping.
     *
     * @param epoch the epoch
     * @param cache frozen features
     * @param state the state before the epoch
     * @param training what the epoch's training gave
     * @return the selection report and any per-task results
     */
    Score score(int epoch, FeatureCache cache, TrainingState state, Training training);

    /**
     * An epoch's training.
     *
     * @param loss the mean loss (the whole objective)
     * @param accuracy the (main) task's training accuracy
     * @param perTask each task's mean loss over its labelled images, or {@code null} for one task
     */
    record Training(double loss, double accuracy, double[] perTask) {}

    /**
     * An epoch's validation.
     *
     * @param main the report that selects the checkpoint and stops the run
     * @param tasks each task's share of the epoch, or {@code null} for one task
     * @param progress the auxiliary tasks' early-stopping bookkeeping, or {@code null}
     */
    record Score(ClassificationReport main, List<EpochResult.TaskEpoch> tasks, Map<String, TrainingState.TaskProgress> progress) {}
}
