package dev.graft.core.run;

import ai.djl.ndarray.NDManager;
import dev.graft.core.data.CachedSplit;
import dev.graft.core.model.TransferModels;
import dev.graft.core.train.FeatureMemo;
import dev.graft.core.train.LearningRateCurve;
import dev.graft.core.train.LearningRateFinder;
import dev.graft.core.train.TrainingSetup;
import dev.graft.datasets.DatasetException;
import dev.graft.datasets.image.Normalization;
import dev.graft.datasets.io.AtomicFiles;
import dev.graft.datasets.metadata.MetadataEncoding;
import dev.graft.zoo.weights.WeightFiles;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the learning-rate range test ({@link LearningRateFinder}) on a fine-tuning job's data and
 * model, as {@code graft lr-find} does and as {@code lr auto} does before a run trains, and writes
 * its curve to the job's folder: {@code lr_find.csv} (every step's rate, loss and smoothed loss)
 * and {@code lr_find.svg} (the smoothed loss against the rate, the suggestion marked).
 */
public final class LearningRateFinderRun {

    /** The curve's points. */
    public static final String CSV = "lr_find.csv";
    /** The curve's chart. */
    public static final String SVG = "lr_find.svg";
    /** The key of the test's summary in a run's {@code manifest.json}. */
    static final String MANIFEST_KEY = "lr_find";

    private LearningRateFinderRun() {}

    /**
     * Reads the job's data, builds its model as {@code graft finetune} would, runs the test and
     * writes {@link #CSV} and {@link #SVG} into the job's {@code out} folder (nothing else is
     * written there).
     *
     * @param config the job (a single task)
     * @return the curve and its suggestions
     * @throws DatasetException if the data cannot be read
     * @throws WeightImportException if the weights cannot be loaded
     * @throws IOException if the files cannot be written
     * @throws IllegalArgumentException for a multi-task job
     */
    public static LearningRateCurve execute(FinetuneConfig config) throws DatasetException, WeightImportException, IOException {
        requireSingleTask(config);
        if (config.weights() != null) {
            WeightFiles.prefetch(config.weights());
        }
        FinetuneRun.Prepared prepared = FinetuneRun.prepare(config, RunCache.none());
        RunCache.Decoded data = prepared.data();
        data.splits().train().requireTrainable("the training data " + config.data());
        List<String> classNames = data.splits().train().classNames();
        float[] classWeights = ClassWeights.resolve(config.classWeights(), classNames, data.splits().train().classCounts());
        MetadataEncoding metadata = RunMetadata.fit(config, data.train());
        CachedSplit train = RunMetadata.attach(metadata, data.train(), "the training data " + config.data());
        try (NDManager manager = NDManager.newBaseManager(prepared.device(), "PyTorch")) {
            FinetuneRun.BuiltModel built = FinetuneRun.buildModel(config, prepared.architecture(), manager,
                    () -> TransferModels.build(prepared.architecture(), config.cut(), config.head(), classNames.size(),
                            metadata == null ? 0 : metadata.width()));
            return find(config, built, train, data.val(), prepared.normalization(), manager, classWeights, null, null);
        }
    }

    /**
     * Runs the test on a built model and writes its files into the job's folder.
     *
     * @param config the job
     * @param built its model, weights loaded and frozen as training starts
     * @param train the training split the run trains on (its metadata attached when the model reads metadata)
     * @param val the validation split, whose frozen features the memo keeps for the run
     * @param normalization the run's input normalisation
     * @param manager the manager owning the model
     * @param classWeights the loss weight per class
     * @param memo frozen features to share with the training that follows, or {@code null}
     * @param featureKey what identifies them in the memo
     * @return the curve
     * @throws IOException if the files cannot be written
     */
    static LearningRateCurve find(FinetuneConfig config, FinetuneRun.BuiltModel built, CachedSplit train, CachedSplit val,
            Normalization normalization, NDManager manager, float[] classWeights, FeatureMemo memo, String featureKey) throws IOException {
        LearningRateCurve curve = new LearningRateFinder(config.training(), memo, featureKey).find(new TrainingSetup(built.model(),
                built.frozen(), train, val, normalization, manager, null, false), classWeights);
        Files.createDirectories(config.out());
        write(config.out(), curve);
        return curve;
    }

    /**
     * Refuses {@code lr auto} and {@code graft lr-find} on a multi-task job.
     *
     * @param config the job
     */
    static void requireSingleTask(FinetuneConfig config) {
        if (config.tasks() != null) {
            throw new IllegalArgumentException("the learning-rate range test (lr-find, lr auto) runs on a single task; with tasks give"
                    + " lr a number (run graft lr-find without tasks to choose it).");
        }
    }

    /**
     * Writes the curve's CSV and chart.
     *
     * @param dir the folder
     * @param curve the curve
     * @throws IOException if they cannot be written
     */
    public static void write(Path dir, LearningRateCurve curve) throws IOException {
        StringBuilder csv = new StringBuilder("step,lr,loss,smoothed_loss\n");
        for (LearningRateCurve.Point p : curve.points()) {
            csv.append(String.format(Locale.ROOT, "%d,%.6e,%.6f,%.6f%n", p.step(), p.rate(), p.loss(), p.smoothed()));
        }
        AtomicFiles.write(dir.resolve(CSV), csv.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve(SVG), svg(curve).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Draws the smoothed loss against the rate, the suggestion marked.
     *
     * @param curve the curve
     * @return the {@code <svg>} element
     */
    static String svg(LearningRateCurve curve) {
        double[] rates = curve.points().stream().mapToDouble(LearningRateCurve.Point::rate).toArray();
        double[] smoothed = curve.points().stream().mapToDouble(LearningRateCurve.Point::smoothed).toArray();
        return SvgChart.rates("Learning-rate range test", "smoothed training loss",
                List.of(new SvgChart.Line("smoothed loss", SvgChart.COLORS[0], rates, smoothed, false)), curve.suggestion(),
                String.format(Locale.ROOT, "suggested %.1e", curve.suggestion())).svg();
    }

    /**
     * The test's result in one line.
     *
     * @param curve the curve
     * @return e.g. {@code suggested lr=2.1e-02 (between valley and minimum/10); valley 2.8e-03; steepest descent 7.7e-07; minimum/10 1.6e-01}
     */
    public static String summary(LearningRateCurve curve) {
        return String.format(Locale.ROOT, "suggested lr=%.1e (%s); valley %.1e; steepest descent %.1e; minimum/10 %.1e",
                curve.suggestion(), LearningRateCurve.rule(), LearningRateCurve.round(curve.valley()), LearningRateCurve.round(curve.steepest()),
                LearningRateCurve.round(curve.minimumTenth()));
    }

    /**
     * The test's summary as a run's {@code manifest.json} records it.
     *
     * @param curve the curve
     * @return the entry
     */
    static Map<String, Object> manifestEntry(LearningRateCurve curve) {
        return RunFiles.ordered("suggested_lr", curve.suggestion(), "rule", LearningRateCurve.rule(), "valley", curve.valley(),
                "steepest", curve.steepest(), "minimum_over_10", curve.minimumTenth(), "steps", curve.points().size(),
                "requested_steps", curve.requestedSteps(), "diverged", curve.diverged(), "seconds", curve.seconds(),
                "start_lr", LearningRateFinder.START_RATE, "end_lr", LearningRateFinder.END_RATE);
    }
}
