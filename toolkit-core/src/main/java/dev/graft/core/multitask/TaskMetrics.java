package dev.graft.core.multitask;

import dev.graft.core.metric.ClassificationMetrics;
import dev.graft.core.metric.ClassificationReport;
import dev.graft.core.metric.OperatingPoint;

/** Scores one task's predictions on the images that carry its label; the others are left out. */
public final class TaskMetrics {

    private TaskMetrics() {}

    /**
     * Computes a task's metrics over its labelled images.
     *
     * @param task the task
     * @param labels the class per image, {@link TaskLabels#MISSING} where missing
     * @param probabilities the predicted probabilities per image
     * @param point the decision rule
     * @return the report, or {@code null} when no image is labelled
     */
    public static ClassificationReport compute(TaskData task, int[] labels, float[][] probabilities, OperatingPoint point) {
        int n = labelled(labels);
        if (n == 0) {
            return null;
        }
        int[] kept = new int[n];
        float[][] p = new float[n][];
        for (int i = 0, j = 0; i < labels.length; i++) {
            if (labels[i] >= 0) {
                kept[j] = labels[i];
                p[j++] = probabilities[i];
            }
        }
        return ClassificationMetrics.compute(task.classNames(), kept, p, task.classWeights(), point);
    }

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
    public static dev.graft.core.metric.TaskScore score(TaskData task, dev.graft.core.data.CachedSplit split, float[][] outputs,
            OperatingPoint point) {
        if (!task.regression()) {
            return compute(task, task.labelsOf(split), outputs, point);
        }
        int[] kept = task.labelledIndices(split);
        if (kept.length == 0) {
            return null;
        }
        float[] values = task.valuesOf(split);
        float[] truth = new float[kept.length];
        float[] predicted = new float[kept.length];
        for (int j = 0; j < kept.length; j++) {
            truth[j] = values[kept[j]];
            predicted[j] = (float) (outputs[kept[j]][0] * task.std() + task.mean());
        }
        return dev.graft.core.metric.RegressionReport.of(truth, predicted, task.std());
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
