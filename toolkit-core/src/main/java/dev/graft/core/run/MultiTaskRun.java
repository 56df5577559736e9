package dev.graft.core.run;

import ai.djl.ndarray.NDManager;
import dev.graft.core.data.CachedSplit;
import dev.graft.core.diagnose.Diagnosis;
import dev.graft.core.io.RunJson;
import dev.graft.core.metric.ClassificationReport;
import dev.graft.core.metric.OperatingPoint;
import dev.graft.core.metric.TaskScore;
import dev.graft.core.model.ModelDescriptor;
import dev.graft.core.model.ModelStore;
import dev.graft.core.model.MultiTaskLayout;
import dev.graft.core.model.TransferModel;
import dev.graft.core.model.TransferModels;
import dev.graft.core.multitask.MultiTaskSpec;
import dev.graft.core.multitask.TaskData;
import dev.graft.core.multitask.TaskLabels;
import dev.graft.core.multitask.TaskMetrics;
import dev.graft.core.multitask.TaskSpec;
import dev.graft.core.tensorboard.TensorBoardLog;
import dev.graft.core.train.Checkpoints;
import dev.graft.core.train.FeatureCache;
import dev.graft.core.train.FineTuner;
import dev.graft.core.train.Predictor;
import dev.graft.core.train.MultiTaskTuner;
import dev.graft.core.train.TrainingListener;
import dev.graft.core.train.TrainingSetup;
import dev.graft.datasets.DatasetException;
import dev.graft.datasets.split.DatasetSplits;
import dev.graft.zoo.arch.Architecture;
import dev.graft.zoo.weights.ImportReport;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code graft finetune --tasks FILE}: reads each task's labels from its manifest column,
 * lays the tasks out on the network (one trunk, or soft-shared copies), trains them together,
 * and writes the run directory as a single-task run does, with the main task's results where a
 * single-task run has its only task's, and every task's under {@code tasks} in
 * {@code metrics.json}, extra {@code history.csv} columns and a table in {@code report.html}.
 */
final class MultiTaskRun {

    private MultiTaskRun() {}

    static FinetuneRun.Outcome execute(FinetuneConfig config, TrainingListener listener, RunCache cache, FinetuneRun.Prepared prepared)
            throws DatasetException, WeightImportException, IOException {
        MultiTaskSpec spec = config.tasks();
        Architecture architecture = prepared.architecture();
        RunCache.Decoded data = prepared.data();
        DatasetSplits splits = data.splits();
        CachedSplit train = data.train();
        CachedSplit val = data.val();
        List<CachedSplit> decoded = new ArrayList<>(List.of(train, val));
        if (data.test() != null) {
            decoded.add(data.test());
        }
        if (data.trainVal() != null) {
            decoded.add(data.trainVal());
        }
        List<TaskData> tasks = tasks(config, spec, splits, decoded);
        TaskData main = tasks.get(0);
        MultiTaskLayout layout = layout(config, spec, architecture, tasks);
        try (NDManager manager = NDManager.newBaseManager(prepared.device(), "PyTorch")) {
            FinetuneRun.BuiltModel built = FinetuneRun.buildModel(config, architecture, manager,
                    () -> TransferModels.buildMultiTask(architecture, config.cut(), config.head(), layout));
            TransferModel model = built.model();
            ImportReport imported = built.imported();
            int frozen = built.frozen();
            String featureKey = String.join("|", prepared.dataKey(), config.arch(), String.valueOf(config.weights()), config.cut(),
                    config.normalize(), "shared=" + layout.sharedModules());
            FinetuneRun.begin(config, prepared);
            TensorBoardLog tensorBoard = new TensorBoardLog(config.out());
            MultiTaskTuner tuner = new MultiTaskTuner(config.training(), spec.softLambda(), List.of(listener, tensorBoard), cache.features(),
                    featureKey);
            FineTuner.Result result = tuner.fit(new TrainingSetup(model, frozen, train, val, prepared.normalization(), manager,
                    new Checkpoints(config.out().resolve("checkpoint")), config.resume()), tasks);
            model.freezeFirst(frozen);
            Map<CachedSplit, List<float[][]>> outputs = new LinkedHashMap<>();
            try (FeatureCache features = result.features() != null ? result.features()
                    : tuner.featureCache(model, train, val, prepared.normalization(), manager)) {
                for (CachedSplit split : decoded) {
                    outputs.put(split, Predictor.predictOutputs(model, split, prepared.normalization(), features, manager,
                            config.training().batchSize()));
                }
            }
            Predictions mainValArgmax = predictions(main, val, outputs.get(val).get(0), OperatingPoint.ARGMAX);
            OperatingPoint point = FinetuneRun.operatingPoint(config, main.classNames(), main.classWeights(), mainValArgmax);
            Map<String, Object> metrics = new LinkedHashMap<>();
            Map<String, Object> perTask = new LinkedHashMap<>();
            Map<String, ClassificationReport> mainReports = new LinkedHashMap<>();
            Map<String, TaskScore> valReports = new LinkedHashMap<>();
            for (int t = 0; t < tasks.size(); t++) {
                TaskData task = tasks.get(t);
                OperatingPoint taskPoint = t == 0 ? point : OperatingPoint.ARGMAX;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("role", task.spec().role());
                m.put("column", task.spec().column());
                m.put("kind", task.spec().kind());
                if (task.regression()) {
                    m.put("target", RunFiles.ordered("mean", task.mean(), "std", task.std()));
                } else {
                    m.put("classes", task.classNames());
                    m.put("class_weights", task.classWeights());
                }
                String[] names = {"val", "test", "train", "train_val"};
                CachedSplit[] byName = {val, data.test(), train, data.trainVal()};
                Map<String, Integer> labelled = new LinkedHashMap<>();
                for (int s = 0; s < names.length; s++) {
                    if (byName[s] == null) {
                        continue;
                    }
                    labelled.put(names[s], task.labelledIndices(byName[s]).length);
                    TaskScore score = task.regression() ? TaskMetrics.score(task, byName[s], outputs.get(byName[s]).get(t), null)
                            : report(task, predictions(task, byName[s], outputs.get(byName[s]).get(t), taskPoint),
                                    names[s].equals("test"), config.training().seed());
                    m.put(names[s], score == null ? null : RunFiles.describe(score));
                    if (t == 0) {
                        mainReports.put(names[s], (ClassificationReport) score);
                    }
                    if (s == 0) {
                        valReports.put(task.name(), score);
                    }
                }
                m.put("labelled", labelled);
                int stoppedAfter = dev.graft.core.train.EpochResult.stoppedAfter(result.history(), task.name());
                m.put("stopped_after_epoch", stoppedAfter == 0 ? null : stoppedAfter);
                perTask.put(task.name(), m);
            }
            Predictions mainVal = mainValArgmax.at(point);
            metrics.put("main_task", main.name());
            metrics.putAll(FinetuneRun.selectionMetrics(config, main.classNames(), main.classWeights(), point, mainReports, mainVal,
                    result.bestEpoch()));
            metrics.put("sharing", RunFiles.ordered("mode", spec.sharing(), "shared_modules", model.trunkNames(),
                    "soft_modules", layout.softModules(), "private_modules", branchesCopied(model).size() - layout.softModules(),
                    "copied_modules", branchesCopied(model), "soft_lambda", spec.soft() ? spec.softLambda() : null,
                    "loss_weighting", spec.lossWeighting()));
            metrics.put("tasks", perTask);

            FinetuneRun.keepBackbone(config, architecture);
            ModelStore.save(config.out(), model, new ModelDescriptor(config.arch(), config.cut(), config.freeze(), config.head(),
                    main.classNames(), config.imageSize(), prepared.resize(), prepared.normalization().mean(),
                    prepared.normalization().std(), point, layout));
            RunFiles.writeHistory(config.out().resolve("history.csv"), result.history());
            RunFiles.writeJson(config.out().resolve("metrics.json"), metrics);
            Map<String, Object> manifest = FinetuneRun.manifest(config, prepared.device(), splits, data.skipped(), imported,
                    prepared.normalization());
            manifest.put("tasks", config.tasks());
            RunJson.write(config.out().resolve("manifest.json"), manifest);
            Diagnosis diagnosis = FinetuneRun.diagnosis(mainReports.get("train"), mainReports.get("train_val"), mainReports.get("val"),
                    mainReports.get("test"));
            ReportWriter.write(config.out().resolve("report.html"), new ReportWriter.Contents(config.out().getFileName() + " ("
                    + config.arch() + ", " + tasks.size() + " tasks, main: " + main.name() + ")", main.classNames(), result.history(),
                    mainReports.get("val"), mainVal, mainReports.get("test"), result.bestEpoch(), diagnosis, valReports));
            tensorBoard.evaluation(result.bestEpoch(), mainReports.get("test"), EvaluationImages.of(main.classNames(), mainVal));
            return new FinetuneRun.Outcome(config.out(), mainReports.get("val"), mainReports.get("test"), result.bestEpoch());
        }
    }

    /** Reads every task's classes and labels; the main task comes first, the others in file order. */
    private static List<TaskData> tasks(FinetuneConfig config, MultiTaskSpec spec, DatasetSplits splits, List<CachedSplit> decoded) {
        List<TaskSpec> ordered = new ArrayList<>(spec.tasks());
        ordered.sort(Comparator.comparing(t -> t.main() ? 0 : 1));
        List<TaskData> tasks = new ArrayList<>();
        for (TaskSpec task : ordered) {
            TaskLabels labels = TaskLabels.of(task, splits.train(), String.valueOf(config.data()));
            Map<CachedSplit, int[]> perSplit = new java.util.IdentityHashMap<>();
            Map<CachedSplit, float[]> values = new java.util.IdentityHashMap<>();
            for (CachedSplit split : decoded) {
                perSplit.put(split, labels.labelsOf(split.images()));
                if (task.regression()) {
                    values.put(split, labels.valuesOf(split.images()));
                }
            }
            int[] counts = new int[labels.classNames().size()];
            for (int label : perSplit.get(decoded.get(0))) {
                if (label >= 0 && !task.regression()) {
                    counts[label]++;
                }
            }
            Map<String, Float> weights = task.main() && task.classWeights().isEmpty() ? config.classWeights() : task.classWeights();
            float[] classWeights = task.regression() ? new float[0] : ClassWeights.resolve(weights, labels.classNames(), counts);
            TaskData data = new TaskData(task, labels.classNames(), classWeights, perSplit, values, labels.mean(), labels.std());
            if (task.main() && data.labelledIndices(decoded.get(1)).length == 0) {
                throw new IllegalArgumentException("main task '" + task.name() + "': no validation image carries a '" + task.column()
                        + "' value, so nothing can select the model; label some validation images or pass val.");
            }
            tasks.add(data);
        }
        return tasks;
    }

    /** Decides which trunk modules all tasks share as one copy, and which each task copies. */
    private static MultiTaskLayout layout(FinetuneConfig config, MultiTaskSpec spec, Architecture architecture, List<TaskData> tasks) {
        TransferModel probe = TransferModels.build(architecture, config.cut(), config.head(), 2);
        int modules = probe.trunkNames().size();
        int frozen = TransferModels.frozenModules(probe, architecture.spec(), config.freeze());
        int shared = modules;
        int soft = 0;
        if (spec.soft()) {
            shared = spec.hardUntil() == null ? frozen : TransferModels.modulesUpTo(probe, architecture.spec(), spec.hardUntil(), "hard-until");
            int softEnd = spec.softUntil() == null ? modules
                    : TransferModels.modulesUpTo(probe, architecture.spec(), spec.softUntil(), "soft-until");
            if (shared < frozen) {
                throw new IllegalArgumentException("hard-until " + spec.hardUntil() + " ends inside the frozen part (freeze "
                        + config.freeze() + "); frozen modules are always shared. Move hard-until deeper or freeze less.");
            }
            if (shared >= modules) {
                throw new IllegalArgumentException("soft sharing needs trunk modules that each task copies, but the whole trunk is "
                        + (frozen >= modules ? "frozen (freeze " + config.freeze() + ")" : "hard-shared (hard-until " + spec.hardUntil() + ")")
                        + "; freeze less, e.g. freeze none, or set hard-until to an earlier cut point.");
            }
            if (softEnd < shared) {
                throw new IllegalArgumentException("soft-until " + spec.softUntil() + " lies before the end of the hard-shared part; "
                        + "set it to a deeper cut point.");
            }
            soft = softEnd - shared;
        }
        List<MultiTaskLayout.Task> outputs = tasks.stream()
                .map(t -> new MultiTaskLayout.Task(t.name(), t.spec().main(), t.classNames(), t.spec().column(), t.spec().kind(),
                        t.mean(), t.std())).toList();
        return new MultiTaskLayout(outputs, shared, soft, spec.uncertainty());
    }

    private static List<String> branchesCopied(TransferModel model) {
        return ((dev.graft.core.model.TaskBranches) model.head()).copiedModules();
    }

    /** A task's predictions on the images of a split that carry its label. */
    private static Predictions predictions(TaskData task, CachedSplit split, float[][] probabilities, OperatingPoint point) {
        return new Predictions(task.view(split), task.labelledRows(split, probabilities), point);
    }

    private static ClassificationReport report(TaskData task, Predictions p, boolean intervals, long seed) {
        return p.split().size() == 0 ? null : FinetuneRun.report(task.classNames(), task.classWeights(), p, intervals, seed);
    }
}
