package dev.graft.core.multitask;

import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.LabeledImage;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * One task's classes and per-image labels, read from a manifest column: the {@code label} column
 * keeps the dataset's classes; any other column's classes are its distinct non-empty values in
 * the training data, sorted; an empty cell is a missing label ({@code -1}). A regression task's
 * cells are numbers; it has no classes, and the training values' mean and standard deviation
 * standardise its targets.
 *
 * @param task the task
 * @param classNames its classes, in output order (none for regression)
 * @param mean a regression task's mean training value (0 otherwise)
 * @param std a regression task's training standard deviation (1 otherwise)
 */
public record TaskLabels(TaskSpec task, List<String> classNames, double mean, double std) {

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
        if (task.column().equals("label") && !task.regression()) {
            return new TaskLabels(task, train.classNames(), 0, 1);
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
        if (task.regression()) {
            return regression(task, train.images());
        }
        if (values.size() < 2) {
            throw new IllegalArgumentException("task '" + task.name() + "': column '" + task.column() + "' holds " + values.size()
                    + " distinct value(s) in the training data; a task needs at least two classes.");
        }
        if (task.kind().equals("binary") && values.size() != 2) {
            throw new IllegalArgumentException("task '" + task.name() + "' is binary but column '" + task.column() + "' holds "
                    + values.size() + " classes " + values + "; declare it multiclass.");
        }
        return new TaskLabels(task, new ArrayList<>(values), 0, 1);
    }

    private static TaskLabels regression(TaskSpec task, List<LabeledImage> train) {
        TaskLabels reader = new TaskLabels(task, List.of(), 0, 1);
        float[] values = reader.valuesOf(train);
        double sum = 0;
        int n = 0;
        for (float v : values) {
            if (!Float.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        double mean = sum / Math.max(1, n);
        double squares = 0;
        for (float v : values) {
            if (!Float.isNaN(v)) {
                squares += (v - mean) * (v - mean);
            }
        }
        double std = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
        if (!(std > 0)) {
            throw new IllegalArgumentException("task '" + task.name() + "': column '" + task.column() + "' holds " + n
                    + " number(s) in the training data without any spread; a regression task needs at least two different values.");
        }
        return new TaskLabels(task, List.of(), mean, std);
    }

    /**
     * Reads a regression task's values.
     *
     * @param images the images (any split)
     * @return the value per image, {@code NaN} for an empty cell
     * @throws IllegalArgumentException naming an image whose cell is not a number
     */
    public float[] valuesOf(List<LabeledImage> images) {
        float[] values = new float[images.size()];
        for (int i = 0; i < values.length; i++) {
            String value = images.get(i).attributes().get(task.column());
            if (value == null || value.isBlank()) {
                values[i] = Float.NaN;
                continue;
            }
            try {
                values[i] = Float.parseFloat(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("task '" + task.name() + "' is a regression task, but " + images.get(i).source().describe()
                        + " has '" + value + "' in column '" + task.column() + "'; give a number or leave the cell empty.", e);
            }
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("task '" + task.name() + "': " + images.get(i).source().describe() + " has '" + value
                        + "' in column '" + task.column() + "'; give a finite number or leave the cell empty.");
            }
        }
        return values;
    }

    /**
     * Labels images read with the training data's classes (any split of the run).
     *
     * @param images the images
     * @return the class index per image, {@link #MISSING} for an empty cell (for a regression
     *     task, 0 where the image has a value)
     * @throws IllegalArgumentException naming a value the training data never had
     */
    public int[] labelsOf(List<LabeledImage> images) {
        return labelsOf(images, classNames);
    }

    /**
     * Labels images whose dataset may list its classes differently from training (e.g. data read
     * for evaluation): the {@code label} column is matched by class name.
     *
     * @param images the images
     * @param datasetClasses the class names the images' {@code label} indices refer to
     * @return the class index per image, {@link #MISSING} for an empty cell (for a regression
     *     task, 0 where the image has a value)
     * @throws IllegalArgumentException naming a value the training data never had
     */
    public int[] labelsOf(List<LabeledImage> images, List<String> datasetClasses) {
        if (task.regression()) {
            float[] values = valuesOf(images);
            int[] present = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                present[i] = Float.isNaN(values[i]) ? MISSING : 0;
            }
            return present;
        }
        int[] labels = new int[images.size()];
        for (int i = 0; i < labels.length; i++) {
            LabeledImage image = images.get(i);
            String value = task.column().equals("label") ? datasetClasses.get(image.label()) : image.attributes().get(task.column());
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
