package dev.graft.datasets;

import java.util.List;

/**
 * A list of labelled images and the class names their labels index into, with any notes the
 * reader has for the user (such as repeated manifest rows it collapsed).
 *
 * @param classNames the class names, in label order
 * @param images the images
 * @param notes one-line messages about how the data was read, to show the user
 */
public record ImageDataset(List<String> classNames, List<LabeledImage> images, List<String> notes) {

    /** Copies the lists and checks every label is a valid class index. */
    public ImageDataset {
        classNames = List.copyOf(classNames);
        images = List.copyOf(images);
        notes = List.copyOf(notes);
        for (LabeledImage image : images) {
            if (image.label() >= classNames.size()) {
                throw new IllegalArgumentException(
                        image.source().describe()
                                + " has label "
                                + image.label()
                                + " but there are only "
                                + classNames.size()
                                + " classes "
                                + classNames);
            }
        }
    }

    /**
     * Creates a dataset with no notes.
     *
     * @param classNames the class names, in label order
     * @param images the images
     */
    public ImageDataset(List<String> classNames, List<LabeledImage> images) {
        this(classNames, images, List.of());
    }

    /**
     * Returns how many images each class has.
     *
     * @return counts indexed by label
     */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        for (LabeledImage image : images) {
            counts[image.label()]++;
        }
        return counts;
    }

    /**
     * Returns a dataset with the same classes and notes and other images.
     *
     * @param subset the images to keep
     * @return the new dataset
     */
    public ImageDataset withImages(List<LabeledImage> subset) {
        return new ImageDataset(classNames, subset, notes);
    }

    /** @return the number of images */
    public int size() {
        return images.size();
    }

    /**
     * Refuses datasets a classifier cannot learn from: no images, or fewer than two classes present.
     *
     * @param what how to name the dataset in the message, e.g. a path
     * @throws DatasetException if the dataset is empty or has a single class
     */
    public void requireTrainable(String what) throws DatasetException {
        if (images.isEmpty()) {
            throw new DatasetException(what + " has no images.");
        }
        int[] counts = classCounts();
        long present = java.util.Arrays.stream(counts).filter(c -> c > 0).count();
        if (present < 2) {
            throw new DatasetException(
                    what
                            + " has a single class "
                            + classNames
                            + "; a classifier needs at least two classes with images.");
        }
    }
}
