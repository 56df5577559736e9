package dev.graft.core.run;

import dev.graft.core.diagnose.Diagnosis;
import dev.graft.core.metric.ClassMetrics;
import dev.graft.core.metric.ClassificationMetrics;
import dev.graft.core.metric.ClassificationReport;
import dev.graft.core.metric.TaskScore;
import dev.graft.core.train.EpochResult;
import dev.graft.datasets.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Writes {@code report.html}, a single self-contained page: learning curves, the validation
 * confusion matrix, the ROC curve, a per-class table and thumbnails of the worst-classified
 * validation images (highest loss first). Charts are inline SVG.
 */
public final class ReportWriter {

    private static final int WORST = 12;

    private ReportWriter() {}

    /**
     * Writes the report.
     *
     * @param file the destination
     * @param title the page title (the run name)
     * @param classNames the class names
     * @param history the epochs
     * @param report the validation report of the selected model
     * @param val the validation predictions
     * @param diagnosis the bias / variance / mismatch diagnosis (human-level error 0)
     * @throws IOException if writing fails
     */
    public static void write(Path file, String title, List<String> classNames, List<EpochResult> history,
            ClassificationReport report, Predictions val, Diagnosis diagnosis) throws IOException {
        write(file, title, classNames, history, report, val, diagnosis, Map.of());
    }

    /**
     * Writes the report of a multi-task run: the main task's as for one task, plus a table of
     * every task's validation metrics.
     *
     * @param file the destination
     * @param title the page title
     * @param classNames the main task's classes
     * @param history the epochs
     * @param report the main task's validation report
     * @param val the main task's validation predictions
     * @param diagnosis the diagnosis of the main task
     * @param tasks every task's validation report, class metrics or regression errors (empty for
     *     one task; null for a task without labelled validation images)
     * @throws IOException if writing fails
     */
    public static void write(Path file, String title, List<String> classNames, List<EpochResult> history,
            ClassificationReport report, Predictions val, Diagnosis diagnosis, Map<String, TaskScore> tasks)
            throws IOException {
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title><style>body{font-family:sans-serif;margin:2em;max-width:1100px}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
                        + "figure{display:inline-block;margin:6px;font-size:12px;text-align:center}</style></head><body>");
        html.append("<h1>").append(escape(title)).append("</h1>");
        html.append(String.format(Locale.ROOT, "<p>Validation: accuracy %.4f, balanced accuracy %.4f, macro F1 %.4f, AUC %.4f, weighted error %.4f (n=%d).</p>",
                report.accuracy(), report.balancedAccuracy(), report.macroF1(), report.auc(), report.weightedError(), report.count()));
        if (!tasks.isEmpty()) {
            html.append("<h2>Tasks</h2><table><tr><th>task</th><th>n (val)</th><th>accuracy</th><th>balanced accuracy</th>"
                    + "<th>macro F1</th><th>AUC</th><th>loss</th><th>stopped after</th></tr>");
            tasks.forEach((task, r) -> {
                int stopped = EpochResult.stoppedAfter(history, task);
                html.append("<tr><th>").append(escape(task)).append("</th>").append(r == null ? "<td colspan=6>no labelled images</td>"
                        : r instanceof ClassificationReport c
                                ? String.format(Locale.ROOT, "<td>%d</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%.4f</td>",
                                        c.count(), c.accuracy(), c.balancedAccuracy(), c.macroF1(), c.auc(), c.logLoss())
                                : String.format(Locale.ROOT, "<td>%d</td><td colspan=4>regression: MAE %.4f, RMSE %.4f, R² %.4f</td><td>%.4f</td>",
                                        r.count(), r.get("mae"), r.get("rmse"), r.get("r2"), r.get("loss")))
                        .append("<td>").append(stopped == 0 ? "-" : "epoch " + stopped).append("</td></tr>");
            });
            html.append("</table>");
        }
        html.append("<h2>Diagnosis</h2><table><tr><th>gap</th><th>size</th></tr>");
        diagnosis.gaps().forEach((name, gap) -> html.append(String.format(Locale.ROOT, "<tr><th>%s</th><td>%+.4f</td></tr>", escape(name), gap)));
        html.append("</table><p>Largest: <b>").append(escape(diagnosis.problem())).append("</b>. ").append(escape(diagnosis.advice()))
                .append(" (Human-level error taken as 0; run <code>graft diagnose --human-error X</code> to set it.)</p>");
        html.append("<h2>Learning curves</h2>");
        html.append(lineChart("loss", history, List.of(
                new Series("train loss", "#1f77b4", EpochResult::trainLoss),
                new Series("val loss", "#d62728", r -> r.validation().logLoss()))));
        html.append(lineChart("accuracy", history, List.of(
                new Series("train accuracy", "#1f77b4", EpochResult::trainAccuracy),
                new Series("val accuracy", "#d62728", r -> r.validation().accuracy()),
                new Series("val balanced accuracy", "#2ca02c", r -> r.validation().balancedAccuracy()))));
        html.append("<h2>Confusion matrix (validation; rows true, columns predicted)</h2><table><tr><th></th>");
        classNames.forEach(c -> html.append("<th>").append(escape(c)).append("</th>"));
        html.append("</tr>");
        for (int i = 0; i < classNames.size(); i++) {
            html.append("<tr><th>").append(escape(classNames.get(i))).append("</th>");
            for (int j = 0; j < classNames.size(); j++) {
                html.append(i == j ? "<td style=\"background:#dfd\">" : "<td>").append(report.confusion()[i][j]).append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</table><h2>Per class</h2><table><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>");
        for (ClassMetrics c : report.perClass()) {
            html.append(String.format(Locale.ROOT, "<tr><th>%s</th><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%d</td></tr>",
                    escape(c.name()), c.precision(), c.recall(), c.f1(), c.support()));
        }
        html.append("</table><h2>ROC curve (validation)</h2>");
        html.append(rocChart(classNames, val));
        html.append("<h2>Worst-classified validation images</h2>");
        html.append(worst(classNames, val));
        html.append("</body></html>");
        AtomicFiles.write(file, html.toString().getBytes(StandardCharsets.UTF_8));
    }

    private record Series(String name, String color, ToDoubleFunction<EpochResult> value) {}

    private static String lineChart(String label, List<EpochResult> history, List<Series> series) {
        int w = 520;
        int h = 260;
        int pad = 40;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (EpochResult r : history) {
                double v = s.value().applyAsDouble(r);
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (!(max > min)) {
            max = min + 1;
        }
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg width=\"%d\" height=\"%d\" style=\"margin-right:20px\"><rect x=\"%d\" y=\"10\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>",
                w, h, pad, w - pad - 10, h - pad - 10));
        svg.append(String.format(Locale.ROOT, "<text x=\"5\" y=\"20\" font-size=\"11\">%.3g</text><text x=\"5\" y=\"%d\" font-size=\"11\">%.3g</text>", max, h - pad, min));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">epoch</text>", w / 2, h - 8));
        int legend = 0;
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < history.size(); i++) {
                double v = s.value().applyAsDouble(history.get(i));
                if (!Double.isFinite(v)) {
                    continue;
                }
                double x = pad + (history.size() == 1 ? 0.5 : i / (double) (history.size() - 1)) * (w - pad - 10);
                double y = 10 + (1 - (v - min) / (max - min)) * (h - pad - 10);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(s.color()).append("\" points=\"").append(points).append("\"/>");
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"%s\">%s</text>", pad + 8, 26 + 14 * legend++, s.color(), escape(s.name())));
        }
        return svg.append("</svg><!-- ").append(escape(label)).append(" -->").toString();
    }

    private static String rocChart(List<String> classNames, Predictions val) {
        int size = 300;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg width=\"%d\" height=\"%d\"><rect x=\"30\" y=\"10\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>"
                        + "<line x1=\"30\" y1=\"%d\" x2=\"%d\" y2=\"10\" stroke=\"#ccc\" stroke-dasharray=\"4\"/>",
                size + 40, size + 40, size, size, size + 10, size + 30));
        String[] colors = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
        int first = classNames.size() == 2 ? 1 : 0;
        for (int c = first; c < classNames.size(); c++) {
            StringBuilder points = new StringBuilder();
            for (double[] p : ClassificationMetrics.rocCurve(val.split().labels(), val.probabilities(), c)) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", 30 + p[0] * size, 10 + (1 - p[1]) * size));
            }
            String color = colors[c % colors.length];
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(color).append("\" points=\"").append(points).append("\"/>");
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"%s\">%s vs rest</text>",
                    size - 90, size - 10 - 14 * (c - first), color, escape(classNames.get(c))));
        }
        return svg.append("</svg>").toString();
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
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        int plane = side * side;
        for (int i = 0; i < plane; i++) {
            int r = chw[i] & 0xFF;
            int g = chw[plane + i] & 0xFF;
            int b = chw[2 * plane + i] & 0xFF;
            image.setRGB(i % side, i / side, (r << 16) | (g << 8) | b);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(png.toByteArray());
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
