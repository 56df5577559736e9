package dev.graft.datasets.image;

import dev.graft.datasets.DatasetException;
import dev.graft.datasets.LabeledImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Decodes dataset images into CHW float arrays of one size, applying the bad-image policy: with
 * {@link BadImagePolicy#FAIL} a corrupt image stops the run naming the file; with {@link
 * BadImagePolicy#SKIP} it is left out and counted, and the skipped files can be listed.
 */
public final class ImageLoader {

    private final int resize;
    private final int crop;
    private final BadImagePolicy policy;
    private final List<SkippedImage> skipped = Collections.synchronizedList(new ArrayList<>());

    /**
     * Creates a loader.
     *
     * @param resize the shorter side after resizing
     * @param crop the output side (square)
     * @param policy what to do with undecodable images
     */
    public ImageLoader(int resize, int crop, BadImagePolicy policy) {
        if (crop <= 0 || resize < crop) {
            throw new IllegalArgumentException(
                    "need 0 < crop <= resize, got resize " + resize + ", crop " + crop);
        }
        this.resize = resize;
        this.crop = crop;
        this.policy = policy;
    }

    /**
     * Loads one image.
     *
     * @param image the image
     * @return its CHW values in [0, 1], or empty if it was skipped
     * @throws DatasetException if it cannot be decoded and the policy is FAIL
     */
    public Optional<float[]> load(LabeledImage image) throws DatasetException {
        try {
            return Optional.of(decode(image));
        } catch (IOException e) {
            skip(image, e);
            return Optional.empty();
        }
    }

    /**
     * Decodes one image, whatever the policy.
     *
     * @param image the image
     * @return its CHW values in [0, 1]
     * @throws IOException naming the file if it cannot be decoded
     */
    public float[] decode(LabeledImage image) throws IOException {
        return ImageTensors.toChw(ImageTensors.resizeAndCrop(image.source().load(), resize, crop));
    }

    /**
     * Applies the policy to an image that could not be decoded: with SKIP it is recorded and
     * returned, with FAIL the run stops.
     *
     * @param image the image
     * @param failure why it could not be decoded
     * @return the record of the skipped image
     * @throws DatasetException naming the file and the way out if the policy is FAIL
     */
    public SkippedImage skip(LabeledImage image, IOException failure) throws DatasetException {
        if (policy != BadImagePolicy.SKIP) {
            throw new DatasetException(
                    failure.getMessage() + " Remove or replace the file, or pass --skip-bad to leave it out.",
                    failure);
        }
        SkippedImage record = new SkippedImage(image, failure.getMessage());
        skipped.add(record);
        return record;
    }

    /** @return the images skipped so far, in the order they were met */
    public List<SkippedImage> skipped() {
        synchronized (skipped) {
            return List.copyOf(skipped);
        }
    }

    /** @return the output side */
    public int crop() {
        return crop;
    }
}
