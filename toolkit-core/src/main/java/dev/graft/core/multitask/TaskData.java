package dev.graft.core.multitask;

import dev.graft.core.data.CachedSplit;
import dev.graft.datasets.LabeledImage;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One task as training sees it: its spec, classes, class weights, and its labels for each decoded
 * split ({@link TaskLabels#MISSING} where an image has none). A regression task has no classes;
 * its labels only mark which images have a value, its values are kept per split, and the training
 * values' mean and standard deviation standardise them for the loss.
 *
 * @param spec the task
 * @param classNames its classes, in output order (none for regression)
 * @param classWeights its loss and error weight per class
 * @param labels its labels per split
 * @param values a regression task's values per split ({@code NaN} where missing); empty otherwise
 * @param mean a regression task's mean training value
 * @param std a regression task's training standard deviation
 */
public record TaskData(TaskSpec spec, List<String> classNames, float[] classWeights, Map<CachedSplit, int[]> labels,
        Map<CachedSplit, float[]> values, double mean, double std) {

    /** Copies the lists; splits are told apart by identity. */
    public TaskData {
        classNames = List.copyOf(classNames);
        Map<CachedSplit, int[]> byIdentity = new IdentityHashMap<>();
        byIdentity.putAll(labels);
        labels = byIdentity;
        Map<CachedSplit, float[]> valuesByIdentity = new IdentityHashMap<>();
        valuesByIdentity.putAll(values);
        values = valuesByIdentity;
    }

    /**
     * A classification task.
     *
     * @param spec the task
     * @param classNames its classes
     * @param classWeights its class weights
     * @param labels its labels per split
     */
    public TaskData(TaskSpec spec, List<String> classNames, float[] classWeights, Map<CachedSplit, int[]> labels) {
        this(spec, classNames, classWeights, labels, Map.of(), 0, 1);
    }

    /** @return whether the task predicts a number */
    public boolean regression() {
        return spec.regression();
    }

    /** @return the width of the task's output: its number of classes, or 1 for regression */
    public int outputs() {
        return regression() ? 1 : classNames.size();
    }

    /**
     * Returns a regression task's values for a split.
     *
     * @param split one of the splits this task was read for
     * @return the value per image, {@code NaN} where missing
     */
    public float[] valuesOf(CachedSplit split) {
        float[] v = values.get(split);
        if (v == null) {
            throw new IllegalArgumentException("task " + spec.name() + " has no values for this split");
        }
        return v;
    }

    /**
     * Labels a split.
     *
     * @param split one of the splits this task was read for
     * @return the class per image, {@link TaskLabels#MISSING} where missing
     */
    public int[] labelsOf(CachedSplit split) {
        int[] l = labels.get(split);
        if (l == null) {
            throw new IllegalArgumentException("task " + spec.name() + " has no labels for this split");
        }
        return l;
    }

    /**
     * Keeps the images of a split that carry this task's label, labelled with it, so any
     * single-task scoring applies to the task.
     *
     * @param split one of the splits this task was read for
     * @return the labelled images with the task's labels
     */
    public CachedSplit view(CachedSplit split) {
        int[] all = labelsOf(split);
        int[] kept = labelledIndices(split);
        List<LabeledImage> images = new ArrayList<>();
        int[] labels = new int[kept.length];
        byte[][] pixels = new byte[kept.length][];
        for (int j = 0; j < kept.length; j++) {
            images.add(split.images().get(kept[j]));
            labels[j] = all[kept[j]];
            pixels[j] = split.pixels()[kept[j]];
        }
        return new CachedSplit(images, labels, pixels, split.side(), split.skipped());
    }

    /**
     * Keeps the rows of per-image outputs that belong to images carrying this task's label, in
     * the order of {@link #view}.
     *
     * @param split one of the splits this task was read for
     * @param perImage a row per image of the split
     * @return the rows of the labelled images
     */
    public float[][] labelledRows(CachedSplit split, float[][] perImage) {
        return java.util.Arrays.stream(labelledIndices(split)).mapToObj(i -> perImage[i]).toArray(float[][]::new);
    }

    /**
     * Finds the images of a split that carry this task's label.
     *
     * @param split one of the splits this task was read for
     * @return their indices in the split
     */
    public int[] labelledIndices(CachedSplit split) {
        int[] all = labelsOf(split);
        return java.util.stream.IntStream.range(0, all.length).filter(i -> all[i] >= 0).toArray();
    }

    /** @return the task's name */
    public String name() {
        return spec.name();
    }
}
