package dev.graft.core.run;

import dev.graft.datasets.DatasetException;
import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.augment.AugmentPipeline;
import dev.graft.datasets.image.BadImagePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Something that gives class probabilities for images: one run's model ({@link TrainedModel}) or
 * an {@link Ensemble} of runs. {@code evaluate} and {@code predict} work on either.
 */
public interface Classifier extends AutoCloseable {

    /** @return the class names, in output order */
    List<String> classNames();

    /**
     * Decodes images at the input size(s) the model needs and predicts.
     *
     * @param images the images (labels are kept for evaluation)
     * @param policy what to do with undecodable images
     * @return the images kept, their probabilities, and the operating point
     * @throws DatasetException if an image cannot be decoded and the policy is FAIL
     */
    Predictions predict(ImageDataset images, BadImagePolicy policy) throws DatasetException;

    /**
     * Turns on test-time augmentation for {@link #predict}: probabilities averaged over the
     * original and {@code views − 1} augmented views.
     *
     * @param views views in all; 1 turns it off
     * @param pipeline the augmentation for the extra views
     */
    void useTestTimeAugmentation(int views, AugmentPipeline pipeline);

    @Override
    void close();

    /**
     * Opens a run directory: an ensemble when it holds {@code ensemble.json}, else one model.
     *
     * @param run the directory
     * @param device {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}
     * @return the classifier; close it
     * @throws IOException if the directory holds no readable model
     */
    static Classifier open(Path run, String device) throws IOException {
        return Files.isRegularFile(run.resolve(Ensemble.FILE)) ? Ensemble.open(run, device) : TrainedModel.open(run, device);
    }
}
