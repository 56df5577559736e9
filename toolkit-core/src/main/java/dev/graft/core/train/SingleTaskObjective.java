package dev.graft.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.graft.core.data.CachedSplit;
import dev.graft.core.metric.ClassificationMetrics;
import dev.graft.datasets.augment.AugmentPipeline;
import java.util.List;

/**
 * One classification task on the {@code label} column: class-weighted, label-smoothed
 * cross-entropy or focal loss (soft targets with mixup or cutmix), scored by the validation report.
 */
final class SingleTaskObjective implements Objective {

    private final FineTuner loop;
    private final TrainingSetup setup;
    private final List<String> classNames;
    private final float[] classWeights;

    /**
     * @param loop the loop (options and step runner)
     * @param setup the model and splits
     * @param classNames the classes
     * @param classWeights loss and weighted-error weight per class
     */
    SingleTaskObjective(FineTuner loop, TrainingSetup setup, List<String> classNames, float[] classWeights) {
        this.loop = loop;
        this.setup = setup;
        this.classNames = classNames;
        this.classWeights = classWeights;
    }

    @Override
    public AugmentPipeline augmentation() {
        return loop.options().augment().isEmpty() ? null : AugmentPipeline.parse(loop.options().augment());
    }

    @Override
    public int classes() {
        return classWeights.length;
    }

    @Override
    public double blindLoss() {
        return Math.log(classWeights.length);
    }

    @Override
    public Training train(EpochContext epoch) {
        TrainingOptions options = loop.options();
        TrainingStep step = TrainingStep.of(setup.model(), epoch.optimizer(), classWeights, options);
        CachedSplit train = setup.trainAt(epoch.epoch());
        int[] labels = train.labels();
        int[] correct = {0};
        FineTuner.Steps steps = loop.runSteps(epoch, labels, setup.manager(), (scope, store, indices, batch, rate, n) -> {
            NDArray targets = batch == null ? scope.create(FineTuner.pick(labels, indices)) : batch.targets(scope);
            NDArray features = FineTuner.stepInput(setup.model(), store, scope, train, indices, setup.normalization(),
                    epoch.cache(), batch);
            NDArray logits = step.run(store, scope, setup.train().inputs(scope, indices, features), targets, rate,
                    l -> epoch.beforeUpdate(n, l, rate));
            int[] predicted = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
            for (int i = 0; i < indices.length; i++) {
                correct[0] += predicted[i] == labels[indices[i]] ? 1 : 0;
            }
            return step.lastLoss();
        });
        return new Training(steps.meanLoss(), correct[0] / (double) steps.images(), null);
    }

    @Override
    public Score score(int epoch, FeatureCache cache, TrainingState state, Training training) {
        float[][] probabilities = Predictor.predict(setup.model(), setup.val(), setup.normalization(), cache, setup.manager(),
                loop.options().batchSize());
        return new Score(ClassificationMetrics.compute(classNames, setup.val().labels(), probabilities, classWeights), null, null);
    }
}
