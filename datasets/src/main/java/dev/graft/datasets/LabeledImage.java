package dev.graft.datasets;

import java.util.Map;
import java.util.Objects;

/**
 * One image with its class index, an optional group id (patient, lesion) that splits keep
 * together, and extra label columns (for auxiliary tasks) by name.
 *
 * @param source where the pixels come from
 * @param label the class index into {@link ImageDataset#classNames()}
 * @param group the group id, or {@code null} when the dataset has none
 * @param attributes extra label columns, by column name (empty when there are none)
 */
public record LabeledImage(
        ImageSource source, int label, String group, Map<String, String> attributes) {

    /** Validates the fields. */
    public LabeledImage {
        Objects.requireNonNull(source, "source");
        if (label < 0) {
            throw new IllegalArgumentException("label must be >= 0, got " + label);
        }
        attributes = Map.copyOf(attributes);
    }

    /**
     * Creates an image with no group and no extra columns.
     *
     * @param source where the pixels come from
     * @param label the class index
     * @return the labelled image
     */
    public static LabeledImage of(ImageSource source, int label) {
        return new LabeledImage(source, label, null, Map.of());
    }
}
