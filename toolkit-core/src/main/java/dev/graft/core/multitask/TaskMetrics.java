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
