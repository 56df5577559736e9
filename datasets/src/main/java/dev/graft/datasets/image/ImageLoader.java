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
    private final List<String> skipped = Collections.synchronizedList(new ArrayList<>());

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
            return Optional.of(
                    ImageTensors.toChw(ImageTensors.resizeAndCrop(image.source().load(), resize, crop)));
        } catch (IOException e) {
            if (policy == BadImagePolicy.SKIP) {
                skipped.add(e.getMessage());
                return Optional.empty();
            }
            throw new DatasetException(
                    e.getMessage() + " Remove or replace the file, or pass --skip-bad to leave it out.",
                    e);
        }
    }

    /** @return the messages of the images skipped so far, one per image */
    public List<String> skipped() {
        synchronized (skipped) {
            return List.copyOf(skipped);
        }
    }

    /** @return the output side */
    public int crop() {
        return crop;
    }
}
