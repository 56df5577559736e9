package dev.graft.core.multitask;

import dev.graft.core.data.CachedSplit;
import dev.graft.core.metric.ClassificationMetrics;
import dev.graft.core.metric.OperatingPoint;
import dev.graft.core.metric.RegressionReport;
import dev.graft.core.metric.TaskScore;

/** Scores one task's predictions on the images that carry its label; the others are left out. */
public final class TaskMetrics {

    private TaskMetrics() {}

    /**
     * Scores a task's outputs on a split: class metrics for a classification task, errors in the
     * target's units for a regression task, both over the images that carry the task's label.
     *
     * @param task the task
     * @param split the split
     * @param outputs the task's probabilities (classification) or standardised predictions
     *     (regression, one column) per image of the split
     * @param point the decision rule of a classification task
     * @return the score, or {@code null} when no image is labelled
     */
    public static TaskScore score(TaskData task, CachedSplit split, float[][] outputs, OperatingPoint point) {
        int[] kept = task.labelledIndices(split);
        if (kept.length == 0) {
            return null;
        }
        float[][] rows = task.labelledRows(split, outputs);
        if (!task.regression()) {
            return ClassificationMetrics.compute(task.classNames(), task.view(split).labels(), rows, task.classWeights(), point);
        }
        float[] values = task.valuesOf(split);
        float[] truth = new float[kept.length];
        float[] predicted = new float[kept.length];
        for (int j = 0; j < kept.length; j++) {
            truth[j] = values[kept[j]];
            predicted[j] = (float) (rows[j][0] * task.std() + task.mean());
        }
        return RegressionReport.of(truth, predicted, task.std());
    }

    /**
     * Counts a task's labelled images.
     *
     * @param labels the class per image
     * @return how many are not missing
     */
    public static int labelled(int[] labels) {
        int n = 0;
        for (int label : labels) {
            n += label >= 0 ? 1 : 0;
        }
        return n;
    }
}
