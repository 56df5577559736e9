package dev.graft.core.metric;

import java.util.Set;

/**
 * The metrics of a regression task's predictions, in the target's units, and the loss in the
 * standardised units training uses.
 *
 * @param count the number of examples
 * @param mae the mean absolute error
 * @param rmse the root mean squared error
 * @param r2 the coefficient of determination ({@code 1 − SSE/SST})
 * @param loss the mean squared error of the standardised target (the training loss)
 */
public record RegressionReport(int count, double mae, double rmse, double r2, double loss) implements TaskScore {

    /** The metrics a regression task can select or stop on. */
    public static final Set<String> METRICS = Set.of("mae", "rmse", "r2", "loss");

    /**
     * Scores predictions.
     *
     * @param truth the true values
     * @param predicted the predicted values, in the same units
     * @param scale the standard deviation the training loss divides errors by
     * @return the report
     */
    public static RegressionReport of(float[] truth, float[] predicted, double scale) {
        double mean = 0;
        for (float t : truth) {
            mean += t / (double) truth.length;
        }
        double absolute = 0;
        double squared = 0;
        double total = 0;
        for (int i = 0; i < truth.length; i++) {
            double e = predicted[i] - truth[i];
            absolute += Math.abs(e);
            squared += e * e;
            total += (truth[i] - mean) * (truth[i] - mean);
        }
        int n = truth.length;
        return new RegressionReport(n, absolute / n, Math.sqrt(squared / n), total > 0 ? 1 - squared / total : Double.NaN,
                squared / n / (scale * scale));
    }

    @Override
    @com.fasterxml.jackson.annotation.JsonIgnore
    public java.util.Map<String, Double> metrics() {
        return TaskScore.named(new String[] {"mae", "rmse", "r2", "loss"}, mae, rmse, r2, loss);
    }
}
