package dev.graft.core.audit;

import java.util.Arrays;

/** Robust z-scores: distance from the median in units of 1.4826 × the median absolute deviation. */
final class RobustZ {

    private RobustZ() {}

    /** @return the median of the values (a copy is sorted) */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** @return 1.4826 × the median absolute deviation: σ for normal data, insensitive to outliers */
    static double sigma(double[] values, double median) {
        double[] deviations = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            deviations[i] = Math.abs(values[i] - median);
        }
        return 1.4826 * median(deviations);
    }

    /** @return each value's robust z-score (0 everywhere when the spread is 0) */
    static double[] scores(double[] values) {
        double m = median(values);
        double s = sigma(values, m);
        double[] z = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            z[i] = s > 0 ? (values[i] - m) / s : 0;
        }
        return z;
    }
}
