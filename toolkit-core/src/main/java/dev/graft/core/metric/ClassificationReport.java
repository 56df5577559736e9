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

    @Override
    @com.fasterxml.jackson.annotation.JsonIgnore
    public Map<String, Double> metrics() {
        return TaskScore.named(new String[] {"accuracy", "balanced_accuracy", "macro_f1", "auc", "weighted_error", "loss"},
                accuracy, balancedAccuracy, macroF1, auc, weightedError, logLoss);
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
