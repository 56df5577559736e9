package dev.graft.core.run;

import dev.graft.core.model.HeadSpec;
import dev.graft.core.train.TrainingOptions;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything {@code graft finetune} needs: data, backbone and cut, freezing, head, input size,
 * normalisation, splits, class weights, device, output folder and training options.
 *
 * @param data the training data (folder, CSV or NPZ)
 * @param val a separate validation set, or {@code null} to use the data's own or carve one
 * @param test a separate test set, or {@code null}
 * @param arch the architecture name
 * @param weights a weights file or URL, or {@code null} to train from scratch
 * @param cut the cut point
 * @param freeze {@code all}, {@code none} or a cut point
 * @param head the new head
 * @param imageSize the input side
 * @param resize the shorter side images are resized to before the centre crop; 0 for the
 *     architecture's ratio (256/224 of the input side); equal to {@code imageSize} for no crop
 * @param normalize {@code imagenet} (the backbone's statistics) or {@code train} (measured on
 *     training images only)
 * @param valFraction share of the data carved out for validation when none is given
 * @param testFraction share carved out for test when none is given
 * @param trainValFraction share of training data held out as train-val
 * @param classWeights per-class loss and error weights by class name, or {@code {"auto": 0}} for
 *     inverse frequency; classes not named weigh 1
 * @param positiveClass the positive class of a two-class task, or {@code null} for the second
 * @param targetRecall the positive-class recall the decision threshold is chosen for on
 *     validation data; 0 to choose it by cost (with class weights) or to use the most probable
 *     class
 * @param skipBad whether undecodable images are skipped (counted) instead of failing
 * @param device {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}
 * @param out the run directory
 * @param resume whether to continue from the run directory's checkpoint
 * @param training the training options
 */
public record FinetuneConfig(
        Path data,
        Path val,
        Path test,
        String arch,
        String weights,
        String cut,
        String freeze,
        HeadSpec head,
        int imageSize,
        int resize,
        String normalize,
        double valFraction,
        double testFraction,
        double trainValFraction,
        Map<String, Float> classWeights,
        String positiveClass,
        double targetRecall,
        boolean skipBad,
        String device,
        Path out,
        boolean resume,
        TrainingOptions training) {

    /** Validates the values a user types. */
    public FinetuneConfig {
        if (data == null) {
            throw new IllegalArgumentException("missing --data.");
        }
        if (out == null) {
            throw new IllegalArgumentException("missing --out.");
        }
        if (imageSize < 16 || imageSize > 1024) {
            throw new IllegalArgumentException("--image-size must be in [16, 1024], got " + imageSize);
        }
        if (resize != 0 && resize < imageSize) {
            throw new IllegalArgumentException("--resize must be at least --image-size (" + imageSize + "), got " + resize);
        }
        if (!normalize.equals("imagenet") && !normalize.equals("train")) {
            throw new IllegalArgumentException("--normalize must be imagenet or train, got " + normalize);
        }
        if (!(targetRecall >= 0 && targetRecall <= 1)) {
            throw new IllegalArgumentException("--target-recall must be in (0, 1], got " + targetRecall);
        }
        classWeights = Map.copyOf(classWeights);
    }
}
