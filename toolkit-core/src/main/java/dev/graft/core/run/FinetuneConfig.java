package dev.graft.core.run;

import dev.graft.core.multitask.MultiTaskSpec;
import dev.graft.core.model.HeadSpec;
import dev.graft.core.train.TrainingOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

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
 * @param testFraction share carved out for test when none is given, or {@link #AUTO_TEST_FRACTION}
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
 * @param tasks the tasks of a multi-task run and how they share the network, or {@code null}
 *     for the single-task run on the {@code label} column
 * @param notInvariantTo augmentation operations the single task's labels change under (refused
 *     in {@code training.augment})
 * @param overwrite whether a run already in {@code out} may be replaced (without it, and without
 *     {@code resume}, a run directory that holds a run is refused)
 * @param metadata the manifest columns the model reads beside the image, or {@code null} for
 *     images only
 * @param recipe the named recipe the options were expanded from ({@link Recipe}), or {@code null};
 *     for information only, as the expanded options are all here
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
        TrainingOptions training,
        MultiTaskSpec tasks,
        Set<String> notInvariantTo,
        boolean overwrite,
        dev.graft.datasets.metadata.MetadataColumns metadata,
        String recipe) {

    /** The test share carved out of the training data when no val data is given either. */
    public static final double DEFAULT_TEST_FRACTION = 0.15;

    /**
     * A {@code testFraction} meaning "decide from the data": {@link #DEFAULT_TEST_FRACTION} when
     * the validation set too is carved out of the training data, 0 when val data is given (as
     * Keras and fastai do, every training image then trains).
     */
    public static final double AUTO_TEST_FRACTION = Double.NaN;


    /** Validates the values a user types. */
    public FinetuneConfig {
        if (data == null) {
            throw new IllegalArgumentException("the option data is missing: the training images.");
        }
        if (out == null) {
            throw new IllegalArgumentException("the option out is missing: the run directory.");
        }
        if (imageSize < 16 || imageSize > 1024) {
            throw new IllegalArgumentException("image-size must be in [16, 1024], got " + imageSize);
        }
        if (resize != 0 && resize < imageSize) {
            throw new IllegalArgumentException("resize must be at least image-size (" + imageSize + "), got " + resize);
        }
        if (!normalize.equals("imagenet") && !normalize.equals("train")) {
            throw new IllegalArgumentException("normalize must be imagenet or train, got " + normalize);
        }
        if (!(targetRecall >= 0 && targetRecall <= 1)) {
            throw new IllegalArgumentException("target-recall must be in (0, 1], got " + targetRecall);
        }
        if (targetRecall > 0 && tasks != null) {
            throw new IllegalArgumentException("target-recall chooses the threshold of a single two-class task; it does not apply with"
                    + " tasks (multi-task runs pick the most probable class per task). Leave target-recall out.");
        }
        if (tasks != null && training != null) {
            refuseWithTasks(training);
        }
        if (resume && overwrite) {
            throw new IllegalArgumentException("resume continues the run in " + out + " and overwrite replaces it; choose one.");
        }
        if (metadata != null && tasks != null) {
            throw new IllegalArgumentException("metadata feeds the single task's head; it does not combine with tasks yet."
                    + " Leave out metadata or tasks.");
        }
        classWeights = Map.copyOf(classWeights);
        notInvariantTo = notInvariantTo == null ? Set.of() : java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(notInvariantTo));
    }

    /**
     * A job that reads images only and names no recipe (its options are all its own).
     *
     * @param data the training data
     * @param val the validation data, or {@code null}
     * @param test the test data, or {@code null}
     * @param arch the architecture
     * @param weights the weights, or {@code null}
     * @param cut the cut point
     * @param freeze what to freeze
     * @param head the head
     * @param imageSize the input side
     * @param resize the resize side, 0 for the default
     * @param normalize imagenet or train
     * @param valFraction validation share
     * @param testFraction test share
     * @param trainValFraction train-val share
     * @param classWeights class weights
     * @param positiveClass the positive class, or {@code null}
     * @param targetRecall the target recall, or 0
     * @param skipBad whether to skip bad images
     * @param device the device
     * @param out the run directory
     * @param resume whether to resume
     * @param training the training options
     * @param tasks the tasks, or {@code null}
     * @param notInvariantTo operations the labels change under
     * @param overwrite whether a run already in {@code out} may be replaced
     */
    public FinetuneConfig(Path data, Path val, Path test, String arch, String weights, String cut, String freeze, HeadSpec head,
            int imageSize, int resize, String normalize, double valFraction, double testFraction, double trainValFraction,
            Map<String, Float> classWeights, String positiveClass, double targetRecall, boolean skipBad, String device, Path out,
            boolean resume, TrainingOptions training, MultiTaskSpec tasks, Set<String> notInvariantTo, boolean overwrite) {
        this(data, val, test, arch, weights, cut, freeze, head, imageSize, resize, normalize, valFraction, testFraction,
                trainValFraction, classWeights, positiveClass, targetRecall, skipBad, device, out, resume, training, tasks, notInvariantTo,
                overwrite, null, null);
    }

    /**
     * A job without label-invariance declarations, which does not replace a run already in {@code out}.
     *
     * @param data the training data
     * @param val the validation data, or {@code null}
     * @param test the test data, or {@code null}
     * @param arch the architecture
     * @param weights the weights, or {@code null}
     * @param cut the cut point
     * @param freeze what to freeze
     * @param head the head
     * @param imageSize the input side
     * @param resize the resize side, 0 for the default
     * @param normalize imagenet or train
     * @param valFraction validation share
     * @param testFraction test share
     * @param trainValFraction train-val share
     * @param classWeights class weights
     * @param positiveClass the positive class, or {@code null}
     * @param targetRecall the target recall, or 0
     * @param skipBad whether to skip bad images
     * @param device the device
     * @param out the run directory
     * @param resume whether to resume
     * @param training the training options
     * @param tasks the tasks, or {@code null}
     */
    public FinetuneConfig(Path data, Path val, Path test, String arch, String weights, String cut, String freeze, HeadSpec head,
            int imageSize, int resize, String normalize, double valFraction, double testFraction, double trainValFraction,
            Map<String, Float> classWeights, String positiveClass, double targetRecall, boolean skipBad, String device, Path out,
            boolean resume, TrainingOptions training, MultiTaskSpec tasks) {
        this(data, val, test, arch, weights, cut, freeze, head, imageSize, resize, normalize, valFraction, testFraction,
                trainValFraction, classWeights, positiveClass, targetRecall, skipBad, device, out, resume, training, tasks, Set.of(), false);
    }

    /**
     * A single-task job, which does not replace a run already in {@code out}.
     *
     * @param data the training data
     * @param val the validation data, or {@code null}
     * @param test the test data, or {@code null}
     * @param arch the architecture
     * @param weights the weights, or {@code null}
     * @param cut the cut point
     * @param freeze what to freeze
     * @param head the head
     * @param imageSize the input side
     * @param resize the resize side, 0 for the default
     * @param normalize imagenet or train
     * @param valFraction validation share
     * @param testFraction test share
     * @param trainValFraction train-val share
     * @param classWeights class weights
     * @param positiveClass the positive class, or {@code null}
     * @param targetRecall the target recall, or 0
     * @param skipBad whether to skip bad images
     * @param device the device
     * @param out the run directory
     * @param resume whether to resume
     * @param training the training options
     */
    public FinetuneConfig(Path data, Path val, Path test, String arch, String weights, String cut, String freeze, HeadSpec head,
            int imageSize, int resize, String normalize, double valFraction, double testFraction, double trainValFraction,
            Map<String, Float> classWeights, String positiveClass, double targetRecall, boolean skipBad, String device, Path out,
            boolean resume, TrainingOptions training) {
        this(data, val, test, arch, weights, cut, freeze, head, imageSize, resize, normalize, valFraction, testFraction,
                trainValFraction, classWeights, positiveClass, targetRecall, skipBad, device, out, resume, training, null, Set.of(), false);
    }

    /**
     * Returns this job with other training options (the rate {@code lr auto} chose).
     *
     * @param options the training options
     * @return the copy
     */
    public FinetuneConfig withTraining(TrainingOptions options) {
        return new FinetuneConfig(data, val, test, arch, weights, cut, freeze, head, imageSize, resize, normalize, valFraction,
                testFraction, trainValFraction, classWeights, positiveClass, targetRecall, skipBad, device, out, resume, options, tasks,
                notInvariantTo, overwrite, metadata, recipe);
    }

    /**
     * Returns this job as a multi-task job.
     *
     * @param tasks the tasks, or {@code null} for one task
     * @return the copy
     */
    public FinetuneConfig withTasks(MultiTaskSpec tasks) {
        return new FinetuneConfig(data, val, test, arch, weights, cut, freeze, head, imageSize, resize, normalize, valFraction,
                testFraction, trainValFraction, classWeights, positiveClass, targetRecall, skipBad, device, out, resume, training, tasks,
                notInvariantTo, overwrite, metadata, recipe);
    }

    /**
     * Refuses the single-task training options a multi-task run does not take: its loss is the
     * tasks' masked sum and its images carry several labels, so neither the focal loss, nor
     * balancing by one label, nor (for now) progressive resizing applies.
     */
    private static void refuseWithTasks(TrainingOptions training) {
        String tail = " does not apply with tasks (multi-task runs); leave it out.";
        if (training.sampler() != dev.graft.core.train.Sampler.RANDOM) {
            throw new IllegalArgumentException("sampler " + dev.graft.core.options.Option.label(training.sampler())
                    + " balances the classes of the single label task and" + tail);
        }
        if (training.loss() != dev.graft.core.train.LossKind.CROSS_ENTROPY) {
            throw new IllegalArgumentException("loss " + dev.graft.core.options.Option.label(training.loss())
                    + " replaces the single task's cross-entropy and" + tail);
        }
        if (!training.progressiveSizes().isEmpty()) {
            throw new IllegalArgumentException("progressive resizing (image-size with several sides)" + tail);
        }
    }
}
