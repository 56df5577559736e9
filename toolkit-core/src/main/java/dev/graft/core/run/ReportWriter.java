package dev.graft.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graft.core.GraftVersion;
import dev.graft.core.diagnose.Diagnosis;
import dev.graft.core.metric.ClassMetrics;
import dev.graft.core.metric.ClassificationMetrics;
import dev.graft.core.metric.ClassificationReport;
import dev.graft.core.metric.TaskScore;
import dev.graft.core.tensorboard.TensorBoardLog;
import dev.graft.core.train.EpochResult;
import dev.graft.datasets.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Writes {@code report.html}, a single self-contained page: validation and test metrics (test with
 * 95% intervals), the diagnosis with each gap against its interval, learning curves with the kept
 * epoch marked, counts and normalised confusion matrices, per-class metrics, ROC (one panel per
 * class beyond two) and precision–recall curves, thumbnails of the worst-classified validation
 * images, and the run's data sizes, timings, versions, date and configuration. Charts are inline
 * SVG drawn by {@link SvgChart}.
 */
public final class ReportWriter {

    private static final int WORST = 12;

    private ReportWriter() {}

    /**
     * What a report shows besides the run directory's own files ({@code config.yaml} and
     * {@code manifest.json}, read when present).
     *
     * @param title the page title (the run name)
     * @param classNames the (main task's) classes
     * @param history the epochs
     * @param val the validation report of the kept model
     * @param valPredictions the validation predictions
     * @param test the test report with intervals, or {@code null} without a test set
     * @param keptEpoch the restored best epoch
     * @param diagnosis the bias / variance / mismatch diagnosis (human-level error 0)
     * @param tasks every task's validation report (empty for one task; a null value for a task
     *     without labelled validation images)
     */
    public record Contents(String title, List<String> classNames, List<EpochResult> history, ClassificationReport val,
            Predictions valPredictions, ClassificationReport test, int keptEpoch, Diagnosis diagnosis, Map<String, TaskScore> tasks) {}

    /**
     * Writes the report.
     *
     * @param file the destination, inside the run directory
     * @param c what to show
     * @throws IOException if writing fails
     */
    public static void write(Path file, Contents c) throws IOException {
        JsonNode manifest = readJson(file.resolveSibling("manifest.json"));
        JsonNode config = readYaml(file.resolveSibling(RunFiles.CONFIG));
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(escape(c.title()))
                .append("</title><style>body{font-family:sans-serif;margin:2em;max-width:1320px;color:#222}"
                        + "table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
                        + "th{background:#f6f6f6}td.l,th.l{text-align:left}.row{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}"
                        + ".muted{color:#666}figure{display:inline-block;margin:6px;font-size:12px;text-align:center}"
                        + "h2{border-bottom:1px solid #ddd;padding-bottom:3px;margin-top:1.6em}</style></head><body>");
        html.append("<h1>").append(escape(c.title())).append("</h1>");
        html.append("<p class=\"muted\">").append(escape(created(manifest))).append(" · Graft ")
                .append(escape(text(manifest, "graft_version", GraftVersion.get()))).append(" · kept epoch ").append(c.keptEpoch())
                .append(" of ").append(c.history().size()).append("</p>");
        html.append("<h2>Results of the kept model</h2>").append(metricsTable(c.val(), c.test()));
        tasks(html, c);
        diagnosis(html, c.diagnosis());
        html.append("<h2>Learning curves</h2><div class=\"row\">");
        html.append(epochChart("Loss", "loss", c, List.of(EpochResult::trainLoss, r -> r.validation().logLoss()), List.of("train loss", "val loss")));
        html.append(epochChart("Accuracy", "accuracy", c,
                List.of(EpochResult::trainAccuracy, r -> r.validation().accuracy(), r -> r.validation().balancedAccuracy()),
                List.of("train accuracy", "val accuracy", "val balanced accuracy")));
        html.append(epochChart("Learning rate", "learning rate (head)", c, List.of(EpochResult::learningRate), List.of("learning rate")));
        html.append("</div>");
        rangeTest(html, file, manifest);
        confusion(html, c.classNames(), c.val().confusion());
        html.append("<h2>Per class (validation)</h2><table><tr><th class=\"l\">class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>");
        for (ClassMetrics m : c.val().perClass()) {
            html.append(String.format(Locale.ROOT, "<tr><th class=\"l\">%s</th><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%d</td></tr>",
                    escape(m.name()), m.precision(), m.recall(), m.f1(), m.support()));
        }
        html.append("</table>");
        curves(html, c.classNames(), c.valPredictions());
        html.append("<h2>Worst-classified validation images</h2>");
        html.append(worst(c.classNames(), c.valPredictions()));
        run(html, c, manifest, config);
        html.append("</body></html>");
        AtomicFiles.write(file, html.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The learning-rate range test's curve and choice, when the run's rate was chosen by it ({@code lr auto}). */
    private static void rangeTest(StringBuilder html, Path file, JsonNode manifest) throws IOException {
        JsonNode found = manifest == null ? null : manifest.get(LearningRateFinderRun.MANIFEST_KEY);
        Path svg = file.resolveSibling(LearningRateFinderRun.SVG);
        if (found == null || !java.nio.file.Files.isRegularFile(svg)) {
            return;
        }
        html.append("<h2>Learning-rate range test</h2><p>lr auto: over ").append(found.path("steps").asInt()).append(" steps from ")
                .append(found.path("start_lr").asText()).append(" to ").append(found.path("end_lr").asText()).append(", the ")
                .append(escape(found.path("rule").asText())).append(" of the smoothed loss suggested ")
                .append(String.format(Locale.ROOT, "<b>lr=%.1e</b> (steepest descent %.1e, minimum/10 %.1e)",
                        found.path("suggested_lr").asDouble(), found.path("steepest").asDouble(), found.path("minimum_over_10").asDouble()))
                .append("; the run trained at that rate.</p>")
                .append(java.nio.file.Files.readString(svg, StandardCharsets.UTF_8));
    }

    private static final String[][] METRICS = {
        {"accuracy", "Accuracy"}, {"balanced_accuracy", "Balanced accuracy"}, {"macro_f1", "Macro F1"}, {"auc", "ROC AUC"},
        {"weighted_error", "Weighted error"}, {"loss", "Log loss"}};

    private static String metricsTable(ClassificationReport val, ClassificationReport test) {
        StringBuilder html = new StringBuilder("<table class=\"metrics\"><tr><th class=\"l\">metric</th><th>validation (n=")
                .append(val.count()).append(")</th>");
        html.append(test == null ? "<th>test</th>" : "<th>test (n=" + test.count() + ")</th><th>test 95% interval</th>").append("</tr>");
        for (String[] m : METRICS) {
            html.append("<tr><th class=\"l\">").append(m[1]).append("</th><td>").append(number(val.get(m[0]))).append("</td>");
            if (test == null) {
                html.append("<td class=\"muted\">no test set</td>");
            } else {
                double[] interval = test.intervals().get(m[0]);
                html.append("<td>").append(number(test.get(m[0]))).append("</td><td>")
                        .append(interval == null ? "–" : String.format(Locale.ROOT, "%.3f – %.3f", interval[0], interval[1])).append("</td>");
            }
            html.append("</tr>");
        }
        return html.append("</table>").append(test == null ? ""
                : "<p class=\"muted\">Intervals: 95% bootstrap percentile intervals over the test images (1000 resamples).</p>").toString();
    }

    private static void tasks(StringBuilder html, Contents c) {
        if (c.tasks().isEmpty()) {
            return;
        }
        html.append("<h2>Tasks</h2><table><tr><th class=\"l\">task</th><th>n (val)</th><th>accuracy</th><th>balanced accuracy</th>"
                + "<th>macro F1</th><th>AUC</th><th>loss</th><th>stopped after</th></tr>");
        c.tasks().forEach((task, r) -> {
            int stopped = EpochResult.stoppedAfter(c.history(), task);
            html.append("<tr><th class=\"l\">").append(escape(task)).append("</th>").append(r == null ? "<td colspan=6>no labelled images</td>"
                    : r instanceof ClassificationReport k
                            ? String.format(Locale.ROOT, "<td>%d</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%.4f</td>",
                                    k.count(), k.accuracy(), k.balancedAccuracy(), k.macroF1(), k.auc(), k.logLoss())
                            : String.format(Locale.ROOT, "<td>%d</td><td colspan=4>regression: MAE %.4f, RMSE %.4f, R² %.4f</td><td>%.4f</td>",
                                    r.count(), r.get("mae"), r.get("rmse"), r.get("r2"), r.get("loss")))
                    .append("<td>").append(stopped == 0 ? "-" : "epoch " + stopped).append("</td></tr>");
        });
        html.append("</table>");
    }

    private static void diagnosis(StringBuilder html, Diagnosis d) {
        html.append("<h2>Diagnosis</h2><table class=\"diagnosis\"><tr><th class=\"l\">gap</th><th>size</th><th>95% interval</th>"
                + "<th class=\"l\">verdict</th></tr>");
        d.gaps().forEach((name, gap) -> {
            double[] interval = d.intervals().get(name);
            String verdict = interval == null ? "interval unknown"
                    : interval[0] > 0 ? "a finding" : "not significant on " + d.sizes().get(name) + " images";
            html.append(String.format(Locale.ROOT, "<tr><th class=\"l\">%s</th><td>%+.4f</td><td>%s</td><td class=\"l\">%s</td></tr>",
                    escape(Diagnosis.title(name)), gap,
                    interval == null ? "–" : String.format(Locale.ROOT, "%+.3f to %+.3f", interval[0], interval[1]), verdict));
        });
        html.append("</table><p>").append(d.problem().equals("none") ? "No gap is a finding. "
                : "Largest significant gap: <b>" + escape(Diagnosis.title(d.problem())) + "</b>. ").append(escape(d.advice()))
                .append(" <span class=\"muted\">(Gaps are differences of weighted error between splits; human-level error taken as ")
                .append(d.humanError()).append("; run <code>graft diagnose --human-error X</code> to set it.)</span></p>");
    }

    private static String epochChart(String title, String yTitle, Contents c, List<ToDoubleFunction<EpochResult>> values, List<String> names) {
        double[] epochs = c.history().stream().mapToDouble(EpochResult::epoch).toArray();
        List<SvgChart.Line> lines = new java.util.ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            ToDoubleFunction<EpochResult> v = values.get(i);
            lines.add(new SvgChart.Line(names.get(i), SvgChart.COLORS[i], epochs, c.history().stream().mapToDouble(v).toArray(), true));
        }
        return SvgChart.epochs(title, yTitle, lines, c.keptEpoch()).svg();
    }

    private static void confusion(StringBuilder html, List<String> classNames, int[][] counts) {
        html.append("<h2>Confusion matrix (validation; rows true, columns predicted)</h2><div class=\"row\"><div><b>Counts</b>");
        html.append(matrix(classNames, counts, false)).append("</div><div><b>Normalised by row (recall per class)</b>")
                .append(matrix(classNames, counts, true)).append("</div></div>");
    }

    private static String matrix(List<String> classNames, int[][] counts, boolean normalised) {
        StringBuilder html = new StringBuilder("<table class=\"").append(normalised ? "confusion-normalised" : "confusion")
                .append("\"><tr><th>true \\ predicted</th>");
        classNames.forEach(name -> html.append("<th>").append(escape(name)).append("</th>"));
        html.append("</tr>");
        for (int i = 0; i < classNames.size(); i++) {
            int total = java.util.Arrays.stream(counts[i]).sum();
            html.append("<tr><th class=\"l\">").append(escape(classNames.get(i))).append("</th>");
            for (int j = 0; j < classNames.size(); j++) {
                double share = total == 0 ? 0 : counts[i][j] / (double) total;
                int shade = (int) Math.round(255 - share * 150);
                String background = i == j ? String.format(Locale.ROOT, "rgb(%d,%d,%d)", shade, 255, shade)
                        : String.format(Locale.ROOT, "rgb(255,%d,%d)", shade, shade);
                html.append("<td style=\"background:").append(background).append("\">")
                        .append(normalised ? String.format(Locale.ROOT, "%.2f", share) : String.valueOf(counts[i][j])).append("</td>");
            }
            html.append("</tr>");
        }
        return html.append("</table>").toString();
    }

    private static void curves(StringBuilder html, List<String> classNames, Predictions val) {
        int[] labels = val.split().labels();
        float[][] p = val.probabilities();
        boolean binary = classNames.size() == 2;
        html.append("<h2>ROC curves (validation").append(binary ? ", positive class " + escape(classNames.get(1)) : ", one class against the rest")
                .append(")</h2><div class=\"row\">");
        for (int c = binary ? 1 : 0; c < classNames.size(); c++) {
            List<double[]> roc = ClassificationMetrics.rocCurve(labels, p, c);
            String name = String.format(Locale.ROOT, "%s vs rest (AUC %s)", classNames.get(c), number(ClassificationMetrics.binaryAuc(labels, p, c)));
            html.append("<div class=\"roc\">").append(SvgChart.unit("ROC: " + classNames.get(c), "false positive rate", "true positive rate",
                    List.of(line(name, SvgChart.COLORS[c % SvgChart.COLORS.length], roc, false)), true).svg()).append("</div>");
        }
        html.append("</div><h2>Precision–recall curve (validation)</h2>");
        List<SvgChart.Line> pr = new java.util.ArrayList<>();
        for (int c = binary ? 1 : 0; c < classNames.size(); c++) {
            pr.add(line(String.format(Locale.ROOT, "%s (AP %s)", classNames.get(c), number(ClassificationMetrics.averagePrecision(labels, p, c))),
                    SvgChart.COLORS[c % SvgChart.COLORS.length], ClassificationMetrics.precisionRecallCurve(labels, p, c), false));
        }
        html.append(SvgChart.unit("Precision–recall" + (binary ? ": " + classNames.get(1) : ", each class against the rest"), "recall", "precision",
                pr, false).svg());
    }

    private static SvgChart.Line line(String name, String color, List<double[]> points, boolean markers) {
        return new SvgChart.Line(name, color, points.stream().mapToDouble(q -> q[0]).toArray(), points.stream().mapToDouble(q -> q[1]).toArray(),
                markers);
    }

    private static void run(StringBuilder html, Contents c, JsonNode manifest, JsonNode config) {
        html.append("<h2>The run</h2><div class=\"row\"><div><b>Data</b><table><tr><th class=\"l\">split</th><th>images</th>");
        html.append(String.join("", c.classNames().stream().map(n -> "<th>" + escape(n) + "</th>").toList())).append("</tr>");
        manifest.path("splits").fields().forEachRemaining(split -> {
            html.append("<tr><th class=\"l\">").append(escape(split.getKey())).append("</th><td>").append(split.getValue().path("count").asInt())
                    .append("</td>");
            split.getValue().path("class_counts").forEach(n -> html.append("<td>").append(n.asText()).append("</td>"));
            html.append("</tr>");
        });
        double seconds = c.history().stream().mapToDouble(EpochResult::seconds).sum();
        html.append("</table><b>Timings</b><table>");
        html.append(String.format(Locale.ROOT, "<tr><th class=\"l\">training (%d epochs)</th><td>%.1f s</td></tr>", c.history().size(), seconds));
        html.append(String.format(Locale.ROOT, "<tr><th class=\"l\">mean epoch</th><td>%.1f s</td></tr>",
                c.history().isEmpty() ? 0.0 : seconds / c.history().size()));
        html.append(String.format(Locale.ROOT, "<tr><th class=\"l\">mean throughput</th><td>%.1f images/s</td></tr>",
                c.history().stream().mapToDouble(EpochResult::imagesPerSecond).average().orElse(0)));
        html.append("</table><b>Versions</b><table>");
        for (String key : new String[] {"graft_version", "djl_version", "engine", "java", "os", "device", "seed", "created"}) {
            if (manifest.has(key)) {
                html.append("<tr><th class=\"l\">").append(escape(key.replace('_', ' '))).append("</th><td class=\"l\">")
                        .append(escape(manifest.get(key).asText())).append("</td></tr>");
            }
        }
        html.append("</table></div><div><b>Configuration</b> <span class=\"muted\">(config.yaml)</span><table class=\"config\">");
        config.fields().forEachRemaining(option -> html.append("<tr><th class=\"l\">").append(escape(option.getKey()))
                .append("</th><td class=\"l\">").append(escape(option.getValue().isValueNode() ? option.getValue().asText()
                        : option.getValue().toString())).append("</td></tr>"));
        html.append("</table></div></div>");
    }

    private static JsonNode readJson(Path file) throws IOException {
        return Files.isRegularFile(file) ? RunFiles.JSON.readTree(file.toFile()) : RunFiles.JSON.createObjectNode();
    }

    private static JsonNode readYaml(Path file) throws IOException {
        JsonNode node = Files.isRegularFile(file) ? RunFiles.YAML.readTree(file.toFile()) : null;
        return node == null ? RunFiles.JSON.createObjectNode() : node;
    }

    private static String created(JsonNode manifest) {
        String created = text(manifest, "created", java.time.Instant.now().toString());
        return created.replace('T', ' ').replaceAll("\\.\\d+Z$", " UTC").replaceAll("Z$", " UTC");
    }

    private static String text(JsonNode node, String key, String otherwise) {
        return node.hasNonNull(key) ? node.get(key).asText() : otherwise;
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "–";
    }

    private static String worst(List<String> classNames, Predictions val) {
        List<Integer> wrong = ErrorAnalysis.misclassifiedByLoss(val);
        float[][] p = val.probabilities();
        int[] labels = val.split().labels();
        if (wrong.isEmpty()) {
            return "<p>No validation image was misclassified.</p>";
        }
        StringBuilder html = new StringBuilder();
        for (int i : wrong.subList(0, Math.min(WORST, wrong.size()))) {
            int predicted = val.predicted(i);
            html.append("<figure><img width=\"112\" src=\"data:image/png;base64,").append(thumbnail(val.split().pixels()[i], val.split().side()))
                    .append("\"><figcaption>").append(escape(val.split().images().get(i).source().describe().replaceAll(".*/", "")))
                    .append("<br>true ").append(escape(classNames.get(labels[i])))
                    .append(String.format(Locale.ROOT, " (p=%.2f)<br>predicted %s (p=%.2f)", p[i][labels[i]], escape(classNames.get(predicted)), p[i][predicted]))
                    .append("</figcaption></figure>");
        }
        return html.toString();
    }

    private static String thumbnail(byte[] chw, int side) {
        return Base64.getEncoder().encodeToString(TensorBoardLog.png(EvaluationImages.picture(chw, side)));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
