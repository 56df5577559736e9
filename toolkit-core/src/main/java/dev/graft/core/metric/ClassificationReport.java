package dev.graft.core.metric;

import java.util.List;
import java.util.Map;

/**
 * The metrics of one set of predictions.
 *
 * @param count the number of examples
 * @param accuracy the share predicted correctly
 * @param balancedAccuracy the mean per-class recall
 * @param weightedError {@code Σ wᵢ·[ŷᵢ≠yᵢ] / Σ wᵢ} with the per-class weights
 * @param macroF1 the mean per-class F1
 * @param auc ROC AUC: binary for two classes, macro one-vs-rest otherwise ({@code NaN} if a class
 *     is absent)
 * @param logLoss the mean negative log-probability of the true class
 * @param perClass per-class precision, recall, F1
 * @param confusion {@code confusion[true][predicted]} counts
 * @param intervals bootstrap 95% intervals by metric name ({@code [low, high]}), empty if not
 *     computed
 */
public record ClassificationReport(
        int count,
        double accuracy,
        double balancedAccuracy,
        double weightedError,
        double macroF1,
        double auc,
        double logLoss,
        List<ClassMetrics> perClass,
        int[][] confusion,
        Map<String, double[]> intervals) implements TaskScore {

    /**
     * Returns a metric by its name.
     *
     * @param name {@code accuracy}, {@code balanced_accuracy}, {@code macro_f1}, {@code auc},
     *     {@code weighted_error} or {@code loss}
     * @return its value
     */
    public double get(String name) {
        return switch (name) {
            case "accuracy" -> accuracy;
            case "balanced_accuracy" -> balancedAccuracy;
            case "macro_f1" -> macroF1;
            case "auc" -> auc;
            case "weighted_error" -> weightedError;
            case "loss" -> logLoss;
            default -> throw new IllegalArgumentException(
                    "unknown metric '" + name + "'; use accuracy, balanced_accuracy, macro_f1, auc, weighted_error or loss");
        };
    }

    /**
     * Tells whether larger values of a metric are better.
     *
     * @param name the metric
     * @return false for errors and losses
     */
    public static boolean higherIsBetter(String name) {
        return !(name.equals("weighted_error") || name.equals("loss") || name.equals("mae") || name.equals("rmse"));
    }
}
