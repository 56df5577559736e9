package dev.graft.core.run;

import dev.graft.datasets.io.AtomicFiles;
import dev.graft.datasets.io.CsvTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The course notes' error analysis: the misclassified validation images ranked by loss (most
 * confidently wrong first), and each true class's share of all errors, so a user can look at the
 * mistakes and decide what is worth fixing.
 */
public final class ErrorAnalysis {

    private ErrorAnalysis() {}

    /**
     * Returns the misclassified images, highest loss (lowest probability of the true class) first.
     *
     * @param predictions the predictions
     * @return indices into the split
     */
    public static List<Integer> misclassifiedByLoss(Predictions predictions) {
        int[] labels = predictions.split().labels();
        float[][] p = predictions.probabilities();
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (predictions.predicted(i) != labels[i]) {
                wrong.add(i);
            }
        }
        wrong.sort(Comparator.comparingDouble(i -> p[i][labels[i]]));
        return wrong;
    }

    /**
     * Writes {@code errors.csv} ({@code path,true,predicted,p_true,p_predicted,loss}).
     *
     * @param file the destination
     * @param classNames the class names
     * @param predictions the validation predictions
     * @return each true class's share of the errors, and the error count, for metrics.json
     * @throws IOException if writing fails
     */
    public static Map<String, Object> write(Path file, List<String> classNames, Predictions predictions) throws IOException {
        int[] labels = predictions.split().labels();
        float[][] p = predictions.probabilities();
        List<Integer> wrong = misclassifiedByLoss(predictions);
        int[] byClass = new int[classNames.size()];
        for (int i : wrong) {
            byClass[labels[i]]++;
        }
        StringBuilder csv = new StringBuilder("path,true,predicted,p_true,p_predicted,loss\n");
        for (int i : wrong) {
            int predicted = predictions.predicted(i);
            csv.append(CsvTable.quote(predictions.split().images().get(i).source().describe())).append(',')
                    .append(CsvTable.quote(classNames.get(labels[i]))).append(',').append(CsvTable.quote(classNames.get(predicted)))
                    .append(String.format(Locale.ROOT, ",%.6f,%.6f,%.6f%n", p[i][labels[i]], p[i][predicted],
                            -Math.log(Math.max(1e-12, p[i][labels[i]]))));
        }
        AtomicFiles.write(file, csv.toString().getBytes(StandardCharsets.UTF_8));
        Map<String, Object> shares = new LinkedHashMap<>();
        for (int c = 0; c < byClass.length; c++) {
            shares.put(classNames.get(c), wrong.isEmpty() ? 0.0 : byClass[c] / (double) wrong.size());
        }
        return RunFiles.ordered("errors", wrong.size(), "share_by_true_class", shares);
    }
}
