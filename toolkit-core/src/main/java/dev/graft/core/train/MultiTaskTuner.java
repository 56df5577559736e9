package dev.graft.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.graft.core.data.CachedSplit;
import dev.graft.core.metric.ClassificationReport;
import dev.graft.core.metric.OperatingPoint;
import dev.graft.core.metric.RegressionReport;
import dev.graft.core.metric.TaskScore;
import dev.graft.core.model.TaskBranches;
import dev.graft.core.model.TransferModel;
import dev.graft.core.multitask.MultiTaskLoss;
import dev.graft.core.multitask.SoftSharing;
import dev.graft.core.multitask.TaskData;
import dev.graft.core.multitask.TaskMetrics;
import dev.graft.datasets.augment.AugmentPipeline;
import dev.graft.datasets.image.Normalization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The multi-task training loop. Every step sums the tasks' masked losses (a task only learns from
 * images that carry its label), with fixed weights or learned uncertainty weights, plus the
 * soft-sharing penalty between the tasks' trunk copies. Only the main task's validation metric
 * selects the checkpoint and stops the run; an auxiliary task whose metric has not improved for
 * its patience stops training: its loss leaves the sum and its branch is frozen. This class is
 * the multi-task objective; batches, schedule, frozen features, selection, checkpoints and
 * resuming are {@link FineTuner}'s loop.
 */
public final class MultiTaskTuner {

    private final TrainingOptions options;
    private final double softLambda;
    private final List<TrainingListener> listeners;
    private final FineTuner loop;

    /**
     * Creates a loop.
     *
     * @param options how to train (the metric and patience apply to the main task)
     * @param softLambda the soft-sharing penalty strength λ (unused with hard sharing)
     * @param listeners who hears about progress
     * @param memo frozen features shared with other runs, or {@code null}
     * @param memoKey what identifies this run's data and weights in the memo
     */
    public MultiTaskTuner(TrainingOptions options, double softLambda, List<TrainingListener> listeners, FeatureMemo memo,
            String memoKey) {
        this.options = options;
        this.softLambda = softLambda;
        this.listeners = List.copyOf(listeners);
        this.loop = new FineTuner(options, listeners, memo, memoKey);
    }

    /**
     * Builds the frozen-feature cache for the model's current frozen part, for predictions
     * after training.
     *
     * @param model the model
     * @param train the training split
     * @param val the validation split
     * @param normalization input normalisation
     * @param manager the parent manager
     * @return the cache; close it
     */
    public FeatureCache featureCache(TransferModel model, CachedSplit train, CachedSplit val, Normalization normalization,
            NDManager manager) {
        return loop.featureCache(model, train, val, normalization, manager);
    }

    /**
     * Trains a multi-task model.
     *
     * @param setup the model (whose head is a {@link TaskBranches}), splits and checkpoints
     * @param tasks the tasks, in the model's output order
     * @return the history and the selected epoch (by the main task); the model holds its weights
     * @throws TrainingDivergedException if the loss becomes NaN or explodes
     */
    public FineTuner.Result fit(TrainingSetup setup, List<TaskData> tasks) {
        TransferModel model = setup.model();
        CachedSplit train = setup.train();
        CachedSplit val = setup.val();
        Normalization normalization = setup.normalization();
        NDManager manager = setup.manager();
        Checkpoints checkpoints = setup.checkpoints();
        TaskBranches branches = (TaskBranches) model.head();
        int main = mainIndex(tasks);
        Objective allTasks = new Objective() {
            @Override
            public AugmentPipeline augmentation() {
                return MultiTaskTuner.this.augmentation(tasks);
            }

            @Override
            public int classes() {
                return tasks.get(main).classNames().size();
            }

            @Override
            public double blindLoss() {
                return tasks.stream().mapToDouble(task -> (task.regression() ? 1 : Math.log(task.classNames().size()))
                        * Math.max(1, task.spec().weight())).sum();
            }

            @Override
            public Map<String, TrainingState.TaskProgress> startProgress() {
                Map<String, TrainingState.TaskProgress> start = new LinkedHashMap<>();
                tasks.stream().filter(t -> !t.spec().main()).forEach(t -> start.put(t.name(), new TrainingState.TaskProgress(
                        Selection.worst(ClassificationReport.higherIsBetter(metricOf(t))), 0, 0)));
                return start;
            }

            @Override
            public void resumed(TrainingState state) {
                if (state.tasks() == null) {
                    throw new IllegalStateException("the checkpoint in " + checkpoints.dir() + " is from a single-task run; "
                            + "resume it without tasks, or start this run in a new out folder");
                }
                state.tasks().forEach((task, p) -> {
                    if (p.stoppedAfter() > 0) {
                        branches.stop(task);
                    }
                });
            }

            @Override
            public Training train(EpochContext epoch) {
                return trainEpoch(model, branches, epoch, train, tasks, main, normalization, manager);
            }

            @Override
            public Score score(int epoch, FeatureCache cache, TrainingState state, Training training) {
                List<float[][]> probabilities = Predictor.predictOutputs(model, val, normalization, cache, manager, options.batchSize());
                List<TaskScore> reports = new ArrayList<>();
                for (int t = 0; t < tasks.size(); t++) {
                    reports.add(TaskMetrics.score(tasks.get(t), val, probabilities.get(t), OperatingPoint.ARGMAX));
                }
                Map<String, TrainingState.TaskProgress> progress = auxiliaryProgress(tasks, reports, state, branches, epoch);
                float[] weights = lossWeights(tasks, branches);
                List<EpochResult.TaskEpoch> perTask = new ArrayList<>();
                for (int t = 0; t < tasks.size(); t++) {
                    perTask.add(new EpochResult.TaskEpoch(tasks.get(t).name(), training.perTask()[t], reports.get(t), weights[t],
                            branches.isStopped(tasks.get(t).name())));
                }
                return new Score((ClassificationReport) reports.get(main), perTask, progress);
            }
        };
        return loop.fit(setup, allTasks);
    }

    /**
     * The training augmentation: refused when it applies an operation a task is not invariant to,
     * or mixes labels (multi-task batches carry each task's own labels).
     */
    private AugmentPipeline augmentation(List<TaskData> tasks) {
        if (options.augment().isEmpty()) {
            return null;
        }
        AugmentPipeline pipeline = AugmentPipeline.parse(options.augment());
        Map<String, java.util.Set<String>> sensitivities = new LinkedHashMap<>();
        tasks.forEach(t -> sensitivities.put(t.name(), t.spec().notInvariantTo()));
        pipeline.requireInvariance(sensitivities);
        if (pipeline.mixupAlpha() > 0 || pipeline.cutmixAlpha() > 0) {
            throw new IllegalArgumentException("augment " + options.augment() + ": mixup and cutmix mix one task's labels and do not "
                    + "apply to multi-task runs; remove them from the spec.");
        }
        return pipeline;
    }

    private static int mainIndex(List<TaskData> tasks) {
        for (int t = 0; t < tasks.size(); t++) {
            if (tasks.get(t).spec().main()) {
                return t;
            }
        }
        throw new IllegalArgumentException("no main task");
    }

    /**
     * Updates each auxiliary task's early-stopping bookkeeping and stops those whose validation
     * metric has not improved for their patience.
     */
    private Map<String, TrainingState.TaskProgress> auxiliaryProgress(List<TaskData> tasks, List<TaskScore> reports,
            TrainingState state, TaskBranches branches, int epoch) {
        Map<String, TrainingState.TaskProgress> progress = new LinkedHashMap<>();
        for (int t = 0; t < tasks.size(); t++) {
            TaskData task = tasks.get(t);
            TrainingState.TaskProgress before = state.tasks().get(task.name());
            if (before == null || before.stoppedAfter() > 0 || reports.get(t) == null) {
                if (before != null) {
                    progress.put(task.name(), before);
                }
                continue;
            }
            String metric = metricOf(task);
            double value = reports.get(t).get(metric);
            boolean improved = Selection.improves(value, before.bestValue(), ClassificationReport.higherIsBetter(metric));
            int bad = improved ? 0 : before.epochsWithoutImprovement() + 1;
            int patience = task.spec().patience() >= 0 ? task.spec().patience() : options.patience();
            boolean stop = patience > 0 && bad >= patience;
            if (stop) {
                branches.stop(task.name());
                FineTuner.event(listeners, "task " + task.name() + " stops training after epoch " + epoch + ": no " + metric
                        + " improvement for " + bad + " epochs; its head is frozen");
            }
            progress.put(task.name(), new TrainingState.TaskProgress(improved ? value : before.bestValue(), bad, stop ? epoch : 0));
        }
        return progress;
    }

    /** The metric a task's early stopping watches: its own, or the run's (a regression task's loss when the run's is a class metric). */
    private String metricOf(TaskData task) {
        if (task.spec().metric() != null) {
            return task.spec().metric();
        }
        return task.regression() && !RegressionReport.METRICS.contains(options.metric().label()) ? "loss" : options.metric().label();
    }

    /** Each task's current loss weight: its fixed weight, or {@code exp(−sₜ)} when learned. */
    private static float[] lossWeights(List<TaskData> tasks, TaskBranches branches) {
        float[] weights = new float[tasks.size()];
        float[] logVariance = branches.logVariance() == null ? null : branches.logVariance().getArray().toFloatArray();
        for (int t = 0; t < weights.length; t++) {
            weights[t] = logVariance == null ? (float) tasks.get(t).spec().weight() : (float) Math.exp(-logVariance[t]);
        }
        return weights;
    }

    /** Trains one epoch: the loss is the whole objective, the accuracy the main task's on its labelled images. */
    private Objective.Training trainEpoch(TransferModel model, TaskBranches branches, EpochContext epoch, CachedSplit train,
            List<TaskData> tasks, int main, Normalization normalization, NDManager manager) {
        TrainingStep step = new TrainingStep(model, epoch.optimizer(), options.trunkLearningRateFactor(), options.layerDecay());
        double[] taskSums = new double[tasks.size()];
        int[] taskCounts = new int[tasks.size()];
        int[] correct = {0};
        FineTuner.Steps steps = loop.runSteps(epoch, train.size(), manager,
                (scope, store, indices, batch, rate, stepNumber) -> {
                    NDArray input = FineTuner.stepInput(model, store, scope, train, indices, normalization, epoch.cache(), batch);
                    int[][] labels = new int[tasks.size()][];
                    for (int t = 0; t < tasks.size(); t++) {
                        labels[t] = FineTuner.pick(tasks.get(t).labelsOf(train), indices);
                    }
                    float[] taskLosses = new float[tasks.size()];
                    NDList outputs = step.run(store, scope, input, out -> objective(out, labels, indices, train, tasks, branches, taskLosses, scope),
                            rate, loss -> epoch.beforeUpdate(stepNumber, loss, rate));
                    int[] predicted = outputs.get(main).argMax(1).toType(DataType.INT32, false).toIntArray();
                    for (int t = 0; t < tasks.size(); t++) {
                        int labelled = TaskMetrics.labelled(labels[t]);
                        taskSums[t] += taskLosses[t] * labelled;
                        taskCounts[t] += labelled;
                    }
                    for (int i = 0; i < indices.length; i++) {
                        correct[0] += predicted[i] == labels[main][i] ? 1 : 0;
                    }
                    return step.lastLoss();
                });
        double[] perTask = new double[tasks.size()];
        for (int t = 0; t < perTask.length; t++) {
            perTask[t] = taskCounts[t] == 0 ? Double.NaN : taskSums[t] / taskCounts[t];
        }
        return new Objective.Training(steps.meanLoss(), correct[0] / (double) Math.max(1, taskCounts[main]), perTask);
    }

    /**
     * The step's objective: the weighted sum of the training tasks' masked losses plus, with soft
     * sharing, the penalty on the distance between the tasks' trunk copies.
     */
    private NDArray objective(NDList outputs, int[][] labels, int[] indices, CachedSplit train, List<TaskData> tasks,
            TaskBranches branches, float[] taskLosses, NDManager scope) {
        NDArray total = null;
        NDArray logVariance = branches.logVariance() == null ? null : branches.logVariance().getArray();
        for (int t = 0; t < tasks.size(); t++) {
            TaskData task = tasks.get(t);
            NDArray loss = task.regression()
                    ? MultiTaskLoss.maskedSquaredError(outputs.get(t), standardized(task, indices, train), scope)
                    : MultiTaskLoss.maskedCrossEntropy(outputs.get(t), labels[t], task.classWeights(), options.labelSmoothing(), scope);
            taskLosses[t] = loss.getFloat();
            if (branches.isStopped(task.name()) || task.spec().weight() == 0) {
                continue;
            }
            NDArray term;
            if (logVariance == null) {
                term = loss.mul(MultiTaskLoss.scalar(loss, task.spec().weight()));
            } else {
                NDArray s = logVariance.get(t);
                s.attach(scope);
                term = MultiTaskLoss.uncertaintyWeighted(List.of(loss), s.reshape(1));
            }
            total = total == null ? term : total.add(term);
        }
        if (!branches.copiedModules().isEmpty() && softLambda > 0 && tasks.size() > 1) {
            total = total.add(SoftSharing.penalty(branches.softParameters(), softLambda, scope));
        }
        return total;
    }

    /** A regression task's training targets for a batch, standardised; {@code NaN} where missing. */
    private static float[] standardized(TaskData task, int[] indices, CachedSplit train) {
        float[] values = task.valuesOf(train);
        float[] out = new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = (float) ((values[indices[i]] - task.mean()) / task.std());
        }
        return out;
    }
}
