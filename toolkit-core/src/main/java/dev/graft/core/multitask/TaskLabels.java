package dev.graft.core.multitask;

import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.LabeledImage;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * One task's classes and per-image labels, read from a manifest column: the {@code label} column
 * keeps the dataset's classes; any other column's classes are its distinct non-empty values in
 * the training data, sorted; an empty cell is a missing label ({@code -1}).
 *
 * @param task the task
 * @param classNames its classes, in output order
 */
public record TaskLabels(TaskSpec task, List<String> classNames) {

    /** The marker of a missing label. */
    public static final int MISSING = -1;

    /** Copies the class list. */
    public TaskLabels {
        classNames = List.copyOf(classNames);
    }

    /**
     * Reads a task's classes from the training data.
     *
     * @param task the task
     * @param train the training split
     * @param origin the data, for messages
     * @return the task's classes
     * @throws IllegalArgumentException if the column does not exist, or has fewer than two classes
     */
    public static TaskLabels of(TaskSpec task, ImageDataset train, String origin) {
        if (task.column().equals("label")) {
            return new TaskLabels(task, train.classNames());
        }
        TreeSet<String> values = new TreeSet<>();
        boolean seen = false;
        for (LabeledImage image : train.images()) {
            String value = image.attributes().get(task.column());
            seen |= image.attributes().containsKey(task.column());
            if (value != null && !value.isBlank()) {
                values.add(value.trim());
            }
        }
        if (!seen && !train.images().isEmpty()) {
            throw new IllegalArgumentException(origin + " has no column '" + task.column() + "' for task '" + task.name()
                    + "'; its columns are " + new TreeSet<>(train.images().get(0).attributes().keySet()) + " besides path, label and group.");
        }
        if (values.size() < 2) {
            throw new IllegalArgumentException("task '" + task.name() + "': column '" + task.column() + "' holds " + values.size()
                    + " distinct value(s) in the training data; a task needs at least two classes.");
        }
        if (task.kind().equals("binary") && values.size() != 2) {
            throw new IllegalArgumentException("task '" + task.name() + "' is binary but column '" + task.column() + "' holds "
                    + values.size() + " classes " + values + "; declare it multiclass.");
        }
        return new TaskLabels(task, new ArrayList<>(values));
    }

    /**
     * Labels images for this task.
     *
     * @param images the images (any split)
     * @return the class index per image, {@link #MISSING} for an empty cell
     * @throws IllegalArgumentException naming a value the training data never had
     */
    public int[] labelsOf(List<LabeledImage> images) {
        int[] labels = new int[images.size()];
        for (int i = 0; i < labels.length; i++) {
            LabeledImage image = images.get(i);
            if (task.column().equals("label")) {
                labels[i] = image.label();
                continue;
            }
            String value = image.attributes().get(task.column());
            if (value == null || value.isBlank()) {
                labels[i] = MISSING;
                continue;
            }
            int index = classNames.indexOf(value.trim());
            if (index < 0) {
                throw new IllegalArgumentException("task '" + task.name() + "': " + image.source().describe() + " has value '" + value
                        + "', which no training image has; the classes are " + classNames + ".");
            }
            labels[i] = index;
        }
        return labels;
    }
}
