package dev.graft.datasets.io;

import dev.graft.datasets.DatasetException;
import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.LabeledImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Reads NPZ archives in MedMNIST layout: {@code <split>_images} (uint8 {@code [n, h, w]} or
 * {@code [n, h, w, 3]}) and {@code <split>_labels} ({@code [n]} or {@code [n, 1]}) for the splits
 * {@code train}, {@code val} and {@code test}. Class names are the label values as text.
 */
public final class NpzReader {

    /** The most classes a label array may index (ImageNet-21k has 21,841). */
    public static final int MAX_CLASSES = 100_000;

    /** Split names in MedMNIST order. */
    public static final List<String> SPLITS = List.of("train", "val", "test");

    /**
     * Reads every split present in the archive.
     *
     * @param npz the archive
     * @return datasets by split name; {@code train} is always present
     * @throws DatasetException if the archive lacks {@code train_images}/{@code train_labels}, or
     *     shapes and dtypes are not MedMNIST's
     */
    public Map<String, ImageDataset> read(Path npz) throws DatasetException {
        Map<String, NpyArray> arrays;
        try {
            arrays = Npy.readNpz(npz);
        } catch (IOException e) {
            throw new DatasetException(e.getMessage(), e);
        }
        if (!arrays.containsKey("train_images") || !arrays.containsKey("train_labels")) {
            throw new DatasetException(
                    npz + ": expected MedMNIST arrays train_images and train_labels, found " + arrays.keySet() + ".");
        }
        int classes = 0;
        for (String split : SPLITS) {
            if (arrays.containsKey(split + "_labels")) {
                NpyArray labels = arrays.get(split + "_labels");
                for (long i = 0; i < labels.size(); i++) {
                    classes = Math.max(classes, label(npz, split, labels, i) + 1);
                }
            }
        }
        List<String> classNames = IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        Map<String, ImageDataset> splits = new LinkedHashMap<>();
        for (String split : SPLITS) {
            NpyArray images = arrays.get(split + "_images");
            NpyArray labels = arrays.get(split + "_labels");
            if (images == null || labels == null) {
                continue;
            }
            splits.put(split, toDataset(npz, split, images, labels, classNames));
        }
        return splits;
    }

    /**
     * Reads label {@code i}: a class index from 0 to {@link #MAX_CLASSES} - 1. A larger one would
     * make Graft build that many class names (and heads), so it is refused, as are negative and
     * fractional labels.
     */
    private static int label(Path npz, String split, NpyArray labels, long i) throws DatasetException {
        double value = labels.get(i);
        if (!(value >= 0 && value < MAX_CLASSES) || value != Math.rint(value)) {
            throw new DatasetException(String.format("%s: %s_labels[%d] is %s; labels must be class indices from 0 to %d."
                    + " Check the array, or use a CSV manifest with class names.", npz, split, i,
                    value == Math.rint(value) && Math.abs(value) < 1e18 ? Long.toString((long) value) : Double.toString(value),
                    MAX_CLASSES - 1));
        }
        return (int) value;
    }

    private static ImageDataset toDataset(
            Path npz, String split, NpyArray images, NpyArray labels, List<String> classNames)
            throws DatasetException {
        long[] shape = images.shape();
        boolean gray = shape.length == 3;
        boolean rgb = shape.length == 4 && shape[3] == 3;
        if (!"u1".equals(images.dtype()) || !(gray || rgb) || shape[1] == 0 || shape[2] == 0) {
            throw new DatasetException(
                    String.format(
                            "%s: %s_images must be uint8 [n, h, w] or [n, h, w, 3], found %s %s.",
                            npz, split, images.dtype(), Arrays.toString(shape)));
        }
        long[] labelShape = labels.shape();
        boolean oneLabel = labelShape.length == 1 || (labelShape.length == 2 && labelShape[1] == 1);
        if (!oneLabel || labelShape[0] != shape[0]) {
            throw new DatasetException(
                    String.format(
                            "%s: %s_labels must be [%d] or [%d, 1] (one class per image), found %s.",
                            npz, split, shape[0], shape[0], Arrays.toString(labelShape)));
        }
        List<LabeledImage> list = new ArrayList<>();
        String name = npz.getFileName() + ":" + split + "_images";
        for (int i = 0; i < shape[0]; i++) {
            list.add(LabeledImage.of(new ArrayImage(images, name, i), label(npz, split, labels, i)));
        }
        return new ImageDataset(classNames, list);
    }
}
