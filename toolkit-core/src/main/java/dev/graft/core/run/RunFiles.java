package dev.graft.core.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.core.io.RunJson;
import dev.graft.core.metric.ClassificationReport;
import dev.graft.core.metric.ClassMetrics;
import dev.graft.core.train.EpochResult;
import dev.graft.datasets.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a run directory's plain files: JSON documents, {@code history.csv}, all atomically. */
public final class RunFiles {

    /**
     * The mapper for run files built from maps (whose keys are already snake_case) and for
     * {@code config.json}: {@link RunJson#PLAIN}. Records go through {@link RunJson#write} or
     * {@link dev.graft.core.io.VersionedJson} for snake_case keys.
     */
    public static final ObjectMapper JSON = RunJson.PLAIN;

    /** The mapper for {@code config.yaml}: YAML without a document start marker. */
    public static final ObjectMapper YAML = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()
            .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private RunFiles() {}

    /** The run's options, in the kebab-case form {@code --config} reads. */
    public static final String CONFIG = "config.yaml";

    /**
     * Writes a run's options as {@code config.yaml}, which {@code graft finetune --config} reads
     * back to reproduce the run.
     *
     * @param run the run directory
     * @param config the run's configuration
     * @throws IOException if it cannot be written
     */
    public static void writeConfig(Path run, FinetuneConfig config) throws IOException {
        String yaml = YAML.writeValueAsString(FinetuneOptions.values(config));
        AtomicFiles.write(run.resolve(CONFIG), ("# the options of this run; reproduce it with: graft finetune --config "
                + CONFIG + " --out DIR\n" + yaml).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes a value as indented JSON, atomically.
     *
     * @param file the file
     * @param value the value
     * @throws IOException if it cannot be written
     */
    public static void writeJson(Path file, Object value) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(value));
    }

    /**
     * Writes {@code history.csv}: per epoch, train and validation loss and metrics, learning
     * rate, throughput and frozen modules.
     *
     * @param file the destination
     * @param history the epochs
     * @throws IOException if writing fails
     */
    public static void writeHistory(Path file, List<EpochResult> history) throws IOException {
        List<String> tasks = history.isEmpty() || history.get(0).tasks() == null ? List.of()
                : history.get(0).tasks().stream().map(EpochResult.TaskEpoch::task).toList();
        StringBuilder csv = new StringBuilder(
                "epoch,train_loss,train_accuracy,val_loss,val_accuracy,val_balanced_accuracy,val_macro_f1,val_auc,"
                        + "val_weighted_error,learning_rate,images_per_second,seconds,frozen_modules");
        for (String task : tasks) {
            csv.append(String.format(Locale.ROOT, ",%1$s_train_loss,%1$s_val_loss,%1$s_val_accuracy,%1$s_val_balanced_accuracy,"
                    + "%1$s_val_mae,%1$s_loss_weight,%1$s_stopped", task));
        }
        csv.append('\n');
        for (EpochResult r : history) {
            ClassificationReport v = r.validation();
            csv.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6g,%.2f,%.2f,%d",
                    r.epoch(), r.trainLoss(), r.trainAccuracy(), v.logLoss(), v.accuracy(), v.balancedAccuracy(),
                    v.macroF1(), v.auc(), v.weightedError(), r.learningRate(), r.imagesPerSecond(), r.seconds(),
                    r.frozenModules()));
            for (EpochResult.TaskEpoch t : r.tasks() == null ? List.<EpochResult.TaskEpoch>of() : r.tasks()) {
                csv.append(String.format(Locale.ROOT, ",%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%d", t.trainLoss(), metric(t, "loss"),
                        metric(t, "accuracy"), metric(t, "balanced_accuracy"), metric(t, "mae"), t.lossWeight(), t.stopped() ? 1 : 0));
            }
            csv.append('\n');
        }
        AtomicFiles.write(file, csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A task's validation metric for history.csv: NaN when it has none of that name or no labelled images. */
    private static double metric(EpochResult.TaskEpoch task, String name) {
        if (task.validation() == null) {
            return Double.NaN;
        }
        try {
            return task.validation().get(name);
        } catch (IllegalArgumentException e) {
            return Double.NaN;
        }
    }

    /**
     * Turns a regression task's report into the {@code metrics.json} shape.
     *
     * @param report the report
     * @return a JSON-ready map
     */
    public static Map<String, Object> describe(dev.graft.core.metric.RegressionReport report) {
        return ordered("count", report.count(), "mae", report.mae(), "rmse", report.rmse(),
                "r2", Double.isNaN(report.r2()) ? null : report.r2(), "loss", report.loss());
    }

    /**
     * Turns any task's report into the {@code metrics.json} shape.
     *
     * @param score a classification or regression report
     * @return a JSON-ready map
     */
    public static Map<String, Object> describe(dev.graft.core.metric.TaskScore score) {
        return score instanceof ClassificationReport c ? describe(c) : describe((dev.graft.core.metric.RegressionReport) score);
    }

    /**
     * Builds a map that keeps its keys in the given order, so JSON output is stable between runs
     * ({@code Map.of} iterates in an order that changes from one JVM to the next).
     *
     * @param keysAndValues alternating keys and values
     * @return the ordered map
     */
    public static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /**
     * Reads the class weights a run was trained with (from its {@code metrics.json}), so
     * evaluation reports the same weighted error; all ones if absent.
     *
     * @param run the run directory
     * @param classes the number of classes
     * @return the weights
     * @throws IOException if metrics.json exists but cannot be read
     */
    public static float[] classWeights(Path run, int classes) throws IOException {
        float[] weights = new float[classes];
        java.util.Arrays.fill(weights, 1f);
        Path metrics = run.resolve("metrics.json");
        if (java.nio.file.Files.isRegularFile(metrics)) {
            var node = JSON.readTree(metrics.toFile()).path("class_weights");
            for (int i = 0; i < classes && i < node.size(); i++) {
                weights[i] = (float) node.get(i).asDouble();
            }
        }
        return weights;
    }

    /**
     * Turns a report into the {@code metrics.json} shape.
     *
     * @param report the report
     * @return a JSON-ready map
     */
    public static Map<String, Object> describe(ClassificationReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", report.count());
        m.put("accuracy", report.accuracy());
        m.put("balanced_accuracy", report.balancedAccuracy());
        m.put("weighted_error", report.weightedError());
        m.put("macro_f1", report.macroF1());
        m.put("auc", Double.isNaN(report.auc()) ? null : report.auc());
        m.put("loss", report.logLoss());
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (ClassMetrics c : report.perClass()) {
            perClass.put(c.name(), ordered("precision", c.precision(), "recall", c.recall(), "f1", c.f1(), "support", c.support()));
        }
        m.put("per_class", perClass);
        m.put("confusion", report.confusion());
        if (!report.intervals().isEmpty()) {
            m.put("ci95", report.intervals());
        }
        return m;
    }

    /**
     * The augmentation for test-time views of a run: its training augmentation (from config.yaml, or
     * config.json of runs written before options were declared once),
     * or a horizontal flip and a mild crop when it trained without one.
     *
     * @param run the run directory
     * @return the spec
     * @throws IOException if config.json exists but cannot be read
     */
    public static String testTimeAugmentation(Path run) throws IOException {
        Path yaml = run.resolve(CONFIG);
        Path json = run.resolve("config.json");
        String spec = "";
        if (java.nio.file.Files.isRegularFile(yaml)) {
            spec = YAML.readTree(yaml.toFile()).path("augment").asText("");
        } else if (java.nio.file.Files.isRegularFile(json)) {
            spec = JSON.readTree(json.toFile()).path("training").path("augment").asText("");
        }
        return spec.isEmpty() ? "hflip,rrc=0.85-1.0" : spec.replaceAll("(^|,)(mixup|cutmix)=[^,]*", "");
    }
}
