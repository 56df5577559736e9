package dev.graft.core.run;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.graft.core.GraftVersion;
import dev.graft.core.data.CachedSplit;
import dev.graft.core.diagnose.Diagnosis;
import dev.graft.core.engine.DeviceSelector;
import dev.graft.core.engine.Engines;
import dev.graft.core.metric.ClassificationMetrics;
import dev.graft.core.metric.ClassificationReport;
import dev.graft.core.metric.OperatingPoint;
import dev.graft.core.model.Architectures;
import dev.graft.core.model.ModelDescriptor;
import dev.graft.core.model.ModelStore;
import dev.graft.core.model.TransferModel;
import dev.graft.core.model.TransferModels;
import dev.graft.core.train.Checkpoints;
import dev.graft.core.train.FeatureCache;
import dev.graft.core.train.FeatureMemo;
import dev.graft.core.train.LearningRateCurve;
import dev.graft.core.tensorboard.TensorBoardLog;
import dev.graft.core.train.FineTuner;
import dev.graft.core.train.Predictor;
import dev.graft.core.train.ProgressiveResizing;
import dev.graft.core.train.TrainingListener;
import dev.graft.core.train.TrainingSetup;
import dev.graft.datasets.DatasetException;
import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.image.BadImagePolicy;
import dev.graft.datasets.image.ImageDecoder;
import dev.graft.datasets.image.ImageLoader;
import dev.graft.datasets.image.Normalization;
import dev.graft.datasets.image.SkippedImage;
import dev.graft.datasets.io.AtomicFiles;
import dev.graft.datasets.io.DatasetReader;
import dev.graft.datasets.split.DatasetSplits;
import dev.graft.datasets.split.SplitPlan;
import dev.graft.zoo.arch.Architecture;
import dev.graft.zoo.weights.ImportReport;
import dev.graft.zoo.weights.WeightFiles;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code graft finetune} end to end: locks the run directory ({@link RunLock}), refuses one
 * that holds a run unless resumed or overwritten ({@link RunDirectory}), checks a resumed run's
 * options and data ({@link ResumeCheck}), reads and splits the data, builds and loads the model,
 * trains it, evaluates every split, and writes the run directory ({@code config.yaml} and the
 * split hashes of {@code manifest.json} before training; {@code history.csv}, {@code metrics.json},
 * the model, {@code report.html} and the whole manifest after it).
 */
public final class FinetuneRun {

    /** Held while a run seeds the engine's global generator and initialises its model. */
    static final Object SEEDING = new Object();

    private FinetuneRun() {}

    /**
     * What a run produced.
     *
     * @param out the run directory
     * @param val the validation report of the selected model
     * @param test the test report, or {@code null} when there is no test set
     * @param bestEpoch the selected epoch
     */
    public record Outcome(Path out, ClassificationReport val, ClassificationReport test, int bestEpoch) {}

    /**
     * Runs a fine-tuning job.
     *
     * @param config the job
     * @param listener progress events
     * @return what it produced
     * @throws DatasetException if the data cannot be read
     * @throws WeightImportException if the weights cannot be loaded
     * @throws IOException if the run directory cannot be written
     */
    public static Outcome execute(FinetuneConfig config, TrainingListener listener)
            throws DatasetException, WeightImportException, IOException {
        return execute(config, listener, RunCache.none());
    }

    /**
     * Runs a fine-tuning job, reusing decoded images and frozen features from earlier runs that
     * share the cache.
     *
     * @param config the job
     * @param listener progress events
     * @param cache what runs share
     * @return what it produced
     * @throws DatasetException if the data cannot be read
     * @throws WeightImportException if the weights cannot be loaded
     * @throws RunLockedException if another process or run is writing the run directory
     * @throws IOException if the run directory cannot be written
     * @throws IllegalArgumentException if the directory holds a run and the job neither resumes nor
     *     overwrites it, or if the job resumes a run with other options or data
     */
    public static Outcome execute(FinetuneConfig config, TrainingListener listener, RunCache cache)
            throws DatasetException, WeightImportException, IOException {
        try (RunLock lock = RunLock.acquire(config.out())) {
            RunDirectory.claim(config);
            ResumeCheck resume = ResumeCheck.options(config);
            config = resumedRate(config, resume, listener);
            if (config.weights() != null) {
                WeightFiles.prefetch(config.weights());
            }
            Prepared prepared = prepare(config, cache);
            resume.requireData(prepared.data().splits());
            dev.graft.datasets.metadata.MetadataEncoding metadata = RunMetadata.fit(config, prepared.data().train());
            prepared.data().splits().byName().values().stream().flatMap(split -> split.notes().stream()).distinct()
                    .forEach(listener::onEvent);
            if (Double.isNaN(config.testFraction()) && prepared.data().test() == null) {
                listener.onEvent("no test set: validation data is given, so all " + prepared.data().train().size()
                        + " training images train; test-fraction " + FinetuneConfig.DEFAULT_TEST_FRACTION + " would carve one out of them.");
            }
            dev.graft.core.audit.LeakageCheck.warnings(prepared.data().splits(), decodedByName(prepared.data()), config.data(),
                    config.val(), config.test())
                    .forEach(listener::onEvent);
            if (!prepared.data().skipped().isEmpty()) {
                listener.onEvent(skippedMessage(prepared.data().skipped().size(), config.out().resolve("manifest.json")));
            }
            return config.tasks() != null ? MultiTaskRun.execute(config, listener, cache, prepared)
                    : train(config, listener, cache, prepared, metadata);
        }
    }

    /**
     * A resumed {@code lr auto} run continues at the rate its range test chose, which its config
     * records; a new one runs the test once its model is built ({@link #train}).
     */
    private static FinetuneConfig resumedRate(FinetuneConfig config, ResumeCheck resume, TrainingListener listener) {
        if (!config.training().learningRateAuto()) {
            return config;
        }
        LearningRateFinderRun.requireSingleTask(config);
        double saved = resume.savedLearningRate();
        if (Double.isNaN(saved)) {
            return config;
        }
        listener.onEvent("lr auto: resuming at lr=" + saved + ", the rate the range test chose when the run started");
        return config.withTraining(config.training().withLearningRate((float) saved));
    }

    /** The decoded splits by name, for the leakage check (absent splits are {@code null}). */
    private static Map<String, CachedSplit> decodedByName(RunCache.Decoded data) {
        Map<String, CachedSplit> byName = new java.util.LinkedHashMap<>();
        byName.put("train", data.train());
        byName.put("train_val", data.trainVal());
        byName.put("val", data.val());
        byName.put("test", data.test());
        return byName;
    }

    /** Trains and evaluates a single-task run whose directory is claimed, checked and started; metadata is its encoding or {@code null}. */
    private static Outcome train(FinetuneConfig config, TrainingListener listener, RunCache cache, Prepared prepared,
            dev.graft.datasets.metadata.MetadataEncoding metadata) throws DatasetException, WeightImportException, IOException {
        Architecture architecture = prepared.architecture();
        Device device = prepared.device();
        int resize = prepared.resize();
        String dataKey = prepared.dataKey();
        RunCache.Decoded data = prepared.data();
        DatasetSplits splits = data.splits();
        List<String> classNames = splits.train().classNames();
        CachedSplit train = RunMetadata.attach(metadata, data.train(), "the training data " + config.data());
        CachedSplit val = RunMetadata.attach(metadata, data.val(), "the validation data " + (config.val() != null ? config.val() : config.data()));
        CachedSplit test = RunMetadata.attach(metadata, data.test(), "the test data " + (config.test() != null ? config.test() : config.data()));
        CachedSplit trainVal = RunMetadata.attach(metadata, data.trainVal(), "the train-val data " + config.data());
        if (metadata != null) {
            listener.onEvent(RunMetadata.describe(metadata));
        }
        Normalization normalization = prepared.normalization();
        float[] classWeights = ClassWeights.resolve(config.classWeights(), classNames, splits.train().classCounts());
        requirePositiveForRecall(config, classNames, val);
        String cut = config.cut();
        dev.graft.core.model.HeadSpec head = config.head();
        try (NDManager manager = NDManager.newBaseManager(device, "PyTorch")) {
            BuiltModel built = buildModel(config, architecture, manager,
                    () -> TransferModels.build(architecture, cut, head, classNames.size(), metadata == null ? 0 : metadata.width()));
            TransferModel model = built.model();
            ImportReport imported = built.imported();
            int frozen = built.frozen();
            String featureKey = String.join("|", dataKey, config.arch(), String.valueOf(config.weights()), config.cut(), config.normalize());
            FeatureMemo memo = cache.features();
            Object lrFind = config.resume() ? previousLrFind(config.out()) : null;
            if (config.training().learningRateAuto()) {
                // The test and the training share the frozen features, computed once.
                memo = memo != null ? memo : new FeatureMemo();
                LearningRateCurve curve = LearningRateFinderRun.find(config, built, train, val, normalization, manager, classWeights, memo,
                        featureKey);
                listener.onEvent("lr auto: the range test (" + curve.points().size() + " steps) " + LearningRateFinderRun.summary(curve)
                        + "; training at that rate (recorded in " + RunFiles.CONFIG + ")");
                config = config.withTraining(config.training().withLearningRate((float) curve.suggestion()));
                lrFind = LearningRateFinderRun.manifestEntry(curve);
            }
            begin(config, prepared, lrFind);
            TensorBoardLog tensorBoard = new TensorBoardLog(config.out());
            FineTuner tuner = new FineTuner(config.training(), List.of(listener, tensorBoard), memo, featureKey);
            FineTuner.Result result = tuner.fit(new TrainingSetup(model, frozen, train, val, normalization, manager,
                    new Checkpoints(config.out().resolve("checkpoint")), config.resume(), progressive(config, prepared)),
                    classNames, classWeights);
            model.freezeFirst(frozen);
            try (FeatureCache features = result.features() != null ? result.features()
                    : tuner.featureCache(model, train, val, normalization, manager)) {
                Scorer argmax = new Scorer(model, normalization, features, manager, config, classNames, classWeights, OperatingPoint.ARGMAX);
                Predictions argmaxVal = argmax.predict(val);
                OperatingPoint point = operatingPoint(config, classNames, classWeights, argmaxVal);
                Scorer scorer = new Scorer(model, normalization, features, manager, config, classNames, classWeights, point);
                Predictions valPredictions = argmaxVal.at(point);
                ClassificationReport valReport = scorer.report(valPredictions, false);
                ClassificationReport testReport = test == null ? null : scorer.report(scorer.predict(test), true);
                ClassificationReport trainReport = scorer.report(scorer.predict(train), false);
                ClassificationReport trainValReport = trainVal == null ? null : scorer.report(scorer.predict(trainVal), false);
                Map<String, ClassificationReport> reports = new LinkedHashMap<>();
                reports.put("val", valReport);
                reports.put("test", testReport);
                reports.put("train", trainReport);
                reports.put("train_val", trainValReport);
                Map<String, Object> metrics = selectionMetrics(config, classNames, classWeights, point, reports, valPredictions,
                        result.bestEpoch());
                keepBackbone(config, architecture);
                ModelStore.save(config.out(), model, new ModelDescriptor(config.arch(), config.cut(), config.freeze(), config.head(),
                        classNames, config.imageSize(), resize, normalization.mean(), normalization.std(), point, null, metadata));
                if (metadata != null) {
                    RunFiles.writeJson(config.out().resolve(RunMetadata.FILE), metadata);
                }
                RunFiles.writeHistory(config.out().resolve("history.csv"), result.history());
                RunFiles.writeJson(config.out().resolve("metrics.json"), metrics);
                Map<String, Object> manifest = manifest(config, device, splits, data.skipped(), imported, normalization);
                if (lrFind != null) {
                    manifest.put(LearningRateFinderRun.MANIFEST_KEY, lrFind);
                }
                RunFiles.writeJson(config.out().resolve("manifest.json"), manifest);
                ReportWriter.write(config.out().resolve("report.html"), new ReportWriter.Contents(config.out().getFileName() + " ("
                        + config.arch() + ")", classNames, result.history(), valReport, valPredictions, testReport, result.bestEpoch(),
                        diagnosis(trainReport, trainValReport, valReport, testReport), Map.of()));
                tensorBoard.evaluation(result.bestEpoch(), testReport, EvaluationImages.of(classNames, valPredictions));
                return new Outcome(config.out(), valReport, testReport, result.bestEpoch());
            }
        }
    }

    /**
     * A model built, initialised and loaded for a run, and frozen as it starts training.
     *
     * @param model the model
     * @param imported what the weights file gave, or {@code null} without weights
     * @param frozen how many trunk modules are frozen
     */
    record BuiltModel(TransferModel model, ImportReport imported, int frozen) {}

    /**
     * Builds a run's model the one way every run does: seed the engine, build the network, initialise
     * it, import the trunk's weights (and into any per-task trunk copies), freeze.
     *
     * @param config the job
     * @param architecture the architecture
     * @param manager the manager owning the parameters
     * @param network builds the network (one head, or a branch per task)
     * @return the model and what was loaded
     * @throws WeightImportException if the weights cannot be loaded
     */
    static BuiltModel buildModel(FinetuneConfig config, Architecture architecture, NDManager manager,
            java.util.function.Supplier<TransferModel> network) throws WeightImportException {
        TransferModel model;
        ImportReport imported;
        int frozen;
        synchronized (SEEDING) {
            Engine.getEngine("PyTorch").setRandomSeed((int) config.training().seed());
            model = network.get();
            if (config.training().dropPath() != null) {
                TransferModels.setDropPath(model, architecture, config.cut(), config.training().dropPath());
            }
            TransferModels.initialize(model, manager, config.imageSize());
            imported = config.weights() == null || architecture.selfContained() ? null
                    : TransferModels.loadTrunk(model, architecture, WeightFiles.read(config.weights()));
            TransferModels.alignBranches(model);
            frozen = Math.min(TransferModels.frozenModules(model, architecture.spec(), config.freeze()), model.trunkNames().size());
        }
        if (!architecture.trainable() && (frozen < model.trunkNames().size() || model.hasTrunkCopies())) {
            throw new IllegalArgumentException("arch " + config.arch() + " runs " + config.weights()
                    + " as a fixed feature extractor; use freeze all" + (model.hasTrunkCopies() ? " and sharing: hard." : "."));
        }
        model.freezeFirst(frozen);
        return new BuiltModel(model, imported, frozen);
    }

    /**
     * What every run needs before its model: the architecture, device, decoded splits and input
     * normalisation.
     *
     * @param architecture the resolved architecture, cut
     * @param device the device
     * @param resize the resize side
     * @param dataKey what identifies the decoded data in the cache
     * @param data the decoded splits
     * @param normalization the input normalisation
     */
    record Prepared(Architecture architecture, Device device, int resize, String dataKey, RunCache.Decoded data,
            Normalization normalization) {}

    static Prepared prepare(FinetuneConfig config, RunCache cache) throws DatasetException, IOException {
        Engines.usePyTorchOnThisThread();
        Architecture architecture = Architectures.resolve(config.arch(), config.weights());
        architecture.spec().cut(config.cut());
        if (config.training().dropPath() != null) {
            // Refuses a drop-path the cut network cannot take before the data are read; buildModel sets it.
            TransferModel probe = TransferModels.build(architecture, config.cut(), config.head(), 2);
            TransferModels.setDropPath(probe, architecture, config.cut(), config.training().dropPath());
        }
        if (!config.training().progressiveSizes().isEmpty() && (architecture.selfContained() || !architecture.trainable())) {
            throw new IllegalArgumentException("arch " + config.arch() + " reads its network from " + config.weights() + ", whose input"
                    + " side may be fixed, so it cannot train at several image sizes; give image-size one side, or use a zoo architecture.");
        }
        Device device = DeviceSelector.select(config.device());
        int resize = resizeAt(config, architecture, config.imageSize());
        String dataKey = String.join("|", String.valueOf(config.data()), String.valueOf(config.val()), String.valueOf(config.test()),
                config.valFraction() + "", config.testFraction() + "", config.trainValFraction() + "", config.training().seed() + "",
                config.imageSize() + "", resize + "", config.skipBad() + "");
        RunCache.Decoded data = cache.decoded(dataKey);
        if (data == null) {
            data = decode(config, resize);
            cache.putDecoded(dataKey, data);
        }
        Normalization normalization = config.normalize().equals("train") ? data.train().statistics() : architecture.spec().normalization();
        return new Prepared(architecture, device, resize, dataKey, data, normalization);
    }

    /** The shorter side images are resized to before the centre crop for an input side: the run's resize scaled to it, else the architecture's ratio. */
    private static int resizeAt(FinetuneConfig config, Architecture architecture, int side) {
        if (config.resize() > 0) {
            return side == config.imageSize() ? config.resize() : Math.round(config.resize() * side / (float) config.imageSize());
        }
        return Math.round(side * architecture.spec().resizeSize() / (float) architecture.spec().inputSize());
    }

    /**
     * Decodes the training images at each earlier side of progressive resizing, cropped as the
     * run's side is.
     *
     * @return the resizing, or {@code null} when the run trains at one side
     */
    private static ProgressiveResizing progressive(FinetuneConfig config, Prepared prepared) throws DatasetException {
        List<Integer> sides = config.training().progressiveSizes();
        if (sides.isEmpty()) {
            return null;
        }
        CachedSplit last = prepared.data().train();
        List<CachedSplit> earlier = new java.util.ArrayList<>();
        for (int side : sides) {
            ImageLoader loader = new ImageLoader(resizeAt(config, prepared.architecture(), side), side,
                    config.skipBad() ? BadImagePolicy.SKIP : BadImagePolicy.FAIL);
            CachedSplit split = CachedSplit.decode(prepared.data().splits().train(), loader);
            if (!java.util.Arrays.equals(split.labels(), last.labels())) {
                throw new DatasetException("the training images decode differently at " + side + " px than at " + config.imageSize()
                        + " px (some are skipped at one side only); give image-size one side.");
            }
            earlier.add(split);
        }
        return new ProgressiveResizing(earlier, config.training().resizeEpochs());
    }

    /**
     * Writes what a run records before it trains, once everything that can be refused has been:
     * {@code config.yaml} and a {@code manifest.json} with the split hashes (completed after training),
     * which a resume checks. A run refused earlier leaves nothing that makes its folder a run.
     *
     * @param config the job
     * @param prepared its data and device
     * @throws IOException if the files cannot be written
     */
    static void begin(FinetuneConfig config, Prepared prepared) throws IOException {
        begin(config, prepared, null);
    }

    /** {@link #begin(FinetuneConfig, Prepared)}, the manifest also holding the range test's summary ({@code lr auto}) if any. */
    private static void begin(FinetuneConfig config, Prepared prepared, Object lrFind) throws IOException {
        RunFiles.writeConfig(config.out(), config);
        Map<String, Object> manifest = manifest(config, prepared.device(), prepared.data().splits(), prepared.data().skipped(), null,
                prepared.normalization());
        if (lrFind != null) {
            manifest.put(LearningRateFinderRun.MANIFEST_KEY, lrFind);
        }
        RunFiles.writeJson(config.out().resolve("manifest.json"), manifest);
    }

    /** The range test's summary a resumed run's manifest holds, kept when the manifest is rewritten; {@code null} if none. */
    private static Object previousLrFind(Path run) throws IOException {
        Path manifest = run.resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            return null;
        }
        com.fasterxml.jackson.databind.JsonNode node = RunFiles.JSON.readTree(manifest.toFile()).get(LearningRateFinderRun.MANIFEST_KEY);
        return node == null || node.isNull() ? null : node;
    }

    /** Predicts with the selected model and scores the predictions; test sets get bootstrap intervals. */
    private record Scorer(TransferModel model, Normalization normalization, FeatureCache features, NDManager manager,
            FinetuneConfig config, List<String> classNames, float[] classWeights, OperatingPoint point) {

        Predictions predict(CachedSplit split) {
            return new Predictions(split, Predictor.predict(model, split, normalization, features, manager, config.training().batchSize()),
                    point);
        }

        ClassificationReport report(Predictions p, boolean intervals) {
            return FinetuneRun.report(classNames, classWeights, p, intervals, config.training().seed());
        }
    }

    /**
     * The selected model's results as {@code metrics.json} holds them for a run's (main) task:
     * each split's report, the error analysis (writing {@code errors.csv}), the selection and the
     * decision rule.
     *
     * @param config the job
     * @param classNames the task's classes
     * @param classWeights its class weights
     * @param point its decision rule
     * @param reports the reports by split: val, test, train, train_val (test and train_val may be {@code null})
     * @param val the validation predictions
     * @param bestEpoch the selected epoch
     * @return the metrics, in file order; with an average of the weights (EMA, SWA) it is described
     *     under {@code weight_averaging}
     * @throws IOException if errors.csv cannot be written
     */
    static Map<String, Object> selectionMetrics(FinetuneConfig config, List<String> classNames, float[] classWeights,
            OperatingPoint point, Map<String, ClassificationReport> reports, Predictions val, int bestEpoch) throws IOException {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("val", RunFiles.describe(reports.get("val")));
        metrics.put("test", reports.get("test") == null ? null : RunFiles.describe(reports.get("test")));
        metrics.put("train", reports.get("train") == null ? null : RunFiles.describe(reports.get("train")));
        if (reports.get("train_val") != null) {
            metrics.put("train_val", RunFiles.describe(reports.get("train_val")));
        }
        metrics.put("error_analysis", ErrorAnalysis.write(config.out().resolve("errors.csv"), classNames, val));
        metrics.put("best_epoch", bestEpoch);
        metrics.put("selection_metric", config.training().metric().label());
        metrics.put("class_weights", classWeights);
        metrics.put("operating_point", RunFiles.ordered("rule", point.rule(),
                "positive", point.positive() < 0 ? null : classNames.get(point.positive()),
                "threshold", point.threshold(), "target_recall", point.targetRecall()));
        dev.graft.core.train.TrainingOptions t = config.training();
        if (t.ema() > 0) {
            metrics.put("weight_averaging", RunFiles.ordered("method", "ema", "decay", new java.math.BigDecimal(Float.toString(t.ema())),
                    "warmup", "min(decay, (1+t)/(10+t))", "note", "val in history and here is the averaged model's"));
        } else if (t.swaEpochs() > 0) {
            metrics.put("weight_averaging", RunFiles.ordered("method", "swa", "first_epoch", t.epochs() - t.swaEpochs() + 1,
                    "last_epoch", t.epochs(), "note", "the model is the average; val here is its, history holds each epoch's own"));
        }
        return metrics;
    }

    /**
     * Copies a self-contained backbone (an ONNX file, a Keras model's files, or a SavedModel folder)
     * into the run, so the run can be reopened alone.
     */
    static void keepBackbone(FinetuneConfig config, Architecture architecture) throws IOException {
        Architectures.keep(architecture, config.weights(), config.out());
    }

    /** The bias / variance / mismatch diagnosis from the selected model's errors (a missing split reads NaN). */
    static Diagnosis diagnosis(ClassificationReport train, ClassificationReport trainVal, ClassificationReport val,
            ClassificationReport test) {
        return Diagnosis.of(0, error(train), error(trainVal), error(val), error(test), count(train), count(trainVal), count(val),
                count(test));
    }

    private static int count(ClassificationReport report) {
        return report == null ? 0 : report.count();
    }

    private static double error(ClassificationReport report) {
        return report == null ? Double.NaN : report.weightedError();
    }

    /**
     * Scores predictions with their decision rule; test sets get bootstrap intervals.
     *
     * @param classNames the classes
     * @param classWeights the weight of an error per true class
     * @param p the predictions and their labels
     * @param intervals whether to bootstrap 95 % intervals
     * @param seed the bootstrap seed
     * @return the report
     */
    static ClassificationReport report(List<String> classNames, float[] classWeights, Predictions p, boolean intervals, long seed) {
        return scored(classNames, classWeights, p, intervals, seed);
    }

    /**
     * Scores an evaluation, as {@code graft evaluate} and the Java API do: the model's outputs must
     * be finite, and the report has 95 % bootstrap intervals (seed 42).
     *
     * @param classNames the classes
     * @param classWeights the weight of an error per true class
     * @param p the predictions and their labels
     * @param model what to call the model in a refusal
     * @return the report
     * @throws IOException if the outputs are not finite
     */
    public static ClassificationReport evaluation(List<String> classNames, float[] classWeights, Predictions p, String model)
            throws IOException {
        return scored(classNames, classWeights, p.requireFinite(model), true, 42);
    }

    private static ClassificationReport scored(List<String> classNames, float[] classWeights, Predictions p, boolean intervals,
            long seed) {
        int[] labels = p.split().labels();
        return intervals
                ? ClassificationMetrics.withIntervals(classNames, labels, p.probabilities(), classWeights, p.point(), 1000, seed)
                : ClassificationMetrics.compute(classNames, labels, p.probabilities(), classWeights, p.point());
    }

    /**
     * Says how many images the bad-image policy left out and where they are listed.
     *
     * @param count how many
     * @param list the file that lists them
     * @return the one-line message
     */
    static String skippedMessage(int count, Path list) {
        return "skipped " + count + (count == 1 ? " image" : " images") + " that could not be decoded; they are listed under"
                + " skipped_images in " + list + ".";
    }

    /**
     * Refuses, before any training, a target recall that validation cannot measure: the threshold
     * is chosen on the validation images of the positive class, so there must be some.
     */
    private static void requirePositiveForRecall(FinetuneConfig config, List<String> classNames, CachedSplit val)
            throws DatasetException {
        if (config.targetRecall() <= 0) {
            return;
        }
        int positive = OperatingPoint.positiveIndex(classNames, config.positiveClass());
        if (java.util.Arrays.stream(val.labels()).noneMatch(label -> label == positive)) {
            String source = config.val() != null ? config.val().toString() : "the validation split of " + config.data();
            throw new DatasetException(source + " (" + val.size() + " images) has no image of the positive class '"
                    + classNames.get(positive) + "', so target-recall " + config.targetRecall() + " cannot choose a threshold;"
                    + " give val data with positive images, a larger val-fraction, or leave target-recall out.");
        }
    }

    /**
     * Chooses the decision rule on validation predictions: for two classes, the threshold that
     * reaches {@code --target-recall}, else, with unequal class weights, the cheapest threshold;
     * otherwise the most probable class.
     */
    static OperatingPoint operatingPoint(FinetuneConfig config, List<String> classNames, float[] classWeights, Predictions val) {
        boolean weighted = classWeights.length == 2 && classWeights[0] != classWeights[1];
        if (config.targetRecall() > 0) {
            return OperatingPoint.forRecall(val.split().labels(), val.probabilities(),
                    OperatingPoint.positiveIndex(classNames, config.positiveClass()), config.targetRecall());
        }
        if (weighted) {
            return OperatingPoint.forCost(val.split().labels(), val.probabilities(),
                    OperatingPoint.positiveIndex(classNames, config.positiveClass()), classWeights);
        }
        return OperatingPoint.ARGMAX;
    }

    /**
     * Reads the data and makes the four splits, honouring separately given val and test sets.
     *
     * @param config the job
     * @return the splits
     * @throws DatasetException if a path cannot be read
     */
    public static DatasetSplits readSplits(FinetuneConfig config) throws DatasetException {
        return readSplits(config.data(), config.val(), config.test(), config.valFraction(), config.testFraction(),
                config.trainValFraction(), config.training().seed());
    }

    /**
     * Reads data and makes the four splits as a run would (used by {@code graft audit} too).
     *
     * @param data the training data
     * @param valData separately given validation data, or {@code null}
     * @param testData separately given test data, or {@code null}
     * @param valFraction the share of the training data carved out for validation
     * @param testFraction the share carved out for test; NaN carves none when validation or test
     *     data exist and {@link FinetuneConfig#DEFAULT_TEST_FRACTION} otherwise
     * @param trainValFraction the share carved out for train-val
     * @param seed the split seed
     * @return the splits
     * @throws DatasetException if a path cannot be read
     */
    public static DatasetSplits readSplits(Path data, Path valData, Path testData, double valFraction, double testFraction,
            double trainValFraction, long seed) throws DatasetException {
        DatasetReader reader = new DatasetReader(ImageDecoder.standard());
        DatasetReader.Source source = reader.read(data);
        List<String> classes = source.train().classNames();
        ImageDataset val = valData != null ? reader.readWithClasses(valData, classes) : source.val();
        ImageDataset test = testData != null ? reader.readWithClasses(testData, classes) : source.test();
        double carved = !Double.isNaN(testFraction) ? testFraction : val != null || test != null ? 0 : FinetuneConfig.DEFAULT_TEST_FRACTION;
        SplitPlan plan = new SplitPlan(valFraction, carved, trainValFraction, seed);
        return new DatasetReader.Source(source.train(), val, test).splits(plan);
    }

    private static RunCache.Decoded decode(FinetuneConfig config, int resize) throws DatasetException {
        DatasetSplits splits = readSplits(config);
        splits.train().requireTrainable("the training data " + config.data());
        if (splits.val().size() == 0) {
            throw new DatasetException("no validation images; pass val or use a larger dataset.");
        }
        ImageLoader loader = new ImageLoader(resize, config.imageSize(), config.skipBad() ? BadImagePolicy.SKIP : BadImagePolicy.FAIL);
        CachedSplit train = CachedSplit.decode(splits.train(), loader);
        CachedSplit val = CachedSplit.decode(splits.val(), loader);
        CachedSplit test = splits.test().size() > 0 ? CachedSplit.decode(splits.test(), loader) : null;
        CachedSplit trainVal = splits.trainVal().size() > 0 ? CachedSplit.decode(splits.trainVal(), loader) : null;
        List<String> skipped = java.util.stream.Stream.of(train, val, test, trainVal).filter(java.util.Objects::nonNull)
                .flatMap(split -> split.skipped().stream()).map(SkippedImage::reason).toList();
        return new RunCache.Decoded(splits, train, val, test, trainVal, skipped);
    }

    static Map<String, Object> manifest(FinetuneConfig config, Device device, DatasetSplits splits, List<String> skipped,
            ImportReport imported, Normalization normalization) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("graft_version", GraftVersion.get());
        m.put("djl_version", Engine.getDjlVersion());
        m.put("engine", "PyTorch " + Engine.getEngine("PyTorch").getVersion());
        m.put("java", System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("device", device.toString());
        m.put("seed", config.training().seed());
        m.put("created", Instant.now().toString());
        Map<String, Object> splitInfo = new LinkedHashMap<>();
        splits.byName().forEach((name, data) -> splitInfo.put(name, RunFiles.ordered(
                "count", data.size(), "class_counts", data.classCounts(), "sha256", hash(data))));
        m.put("splits", splitInfo);
        m.put("skipped_images", skipped);
        m.put("normalization", RunFiles.ordered("mean", normalization.mean(), "std", normalization.std(), "source", config.normalize()));
        if (imported != null) {
            m.put("weights", RunFiles.ordered("source", imported.source(), "loaded", imported.loaded(), "matching", imported.matching(),
                    "ignored", imported.ignored().stream().filter(n -> !n.endsWith("num_batches_tracked")).toList()));
        }
        return m;
    }

    /**
     * Hashes a split's membership (image names and labels, sorted), so two runs can be checked
     * to have used the same split.
     *
     * @param data the split
     * @return the SHA-256 in hex
     */
    public static String hash(ImageDataset data) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            data.images().stream().map(i -> i.source().describe() + "\t" + i.label()).sorted()
                    .forEach(line -> digest.update((line + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
