package dev.graft.core.diagnose;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bias / variance / data-mismatch analysis from the errors on the four splits, as the course
 * notes read them: avoidable bias = train − human level; variance = train-val − train; data
 * mismatch = val − train-val; overfitting of validation = test − val. The largest gap names the
 * problem and the next step.
 *
 * @param humanError the human-level (Bayes proxy) error
 * @param trainError the training error
 * @param trainValError the train-val error, or {@code NaN} without a train-val split
 * @param valError the validation error
 * @param testError the test error, or {@code NaN} without a test split
 * @param gaps each gap by name ({@code avoidable_bias}, {@code variance}, {@code data_mismatch},
 *     {@code validation_overfitting}); those that cannot be computed are absent
 * @param intervals each gap's 95% interval {@code [low, high]} when the image counts are known
 *     (normal approximation of a difference of two error rates, Agresti–Caffo adjusted); a gap
 *     whose interval reaches 0 is not a finding; empty when the counts are unknown
 * @param sizes the image counts behind each gap (the smaller of the two splits compared)
 * @param problem the name of the largest significant gap, or {@code none}
 * @param advice what to do about it
 */
public record Diagnosis(
        double humanError,
        double trainError,
        double trainValError,
        double valError,
        double testError,
        Map<String, Double> gaps,
        Map<String, double[]> intervals,
        Map<String, Integer> sizes,
        String problem,
        String advice) {

    /** The next steps the notes recommend, by problem. */
    static final Map<String, String> ADVICE = Map.of(
            "avoidable_bias", "Reduce bias: a bigger model or a deeper cut, unfreeze more of the trunk, train longer,"
                    + " a better optimiser or learning rate, less regularisation.",
            "variance", "Reduce variance: more training data, augmentation, regularisation (weight decay, dropout,"
                    + " label smoothing), early stopping, or freeze more of the trunk.",
            "data_mismatch", "Reduce data mismatch: make the training data more like the validation data (collect or"
                    + " synthesise similar images, augment toward it), and do error analysis on the differences.",
            "validation_overfitting", "The validation set is overfit by model selection: get a bigger validation set.",
            "none", "No gap stands out: errors are near human level.",
            "noise", "No gap is larger than the noise of these image counts allows; more validation and test images"
                    + " would tell the gaps apart.");

    /** Readable names of the gaps, for reports. */
    static final Map<String, String> TITLES = Map.of(
            "avoidable_bias", "Avoidable bias",
            "variance", "Variance",
            "data_mismatch", "Data mismatch",
            "validation_overfitting", "Validation overfitting",
            "none", "None");

    /**
     * The readable name of a gap or problem.
     *
     * @param key the key, e.g. {@code avoidable_bias}
     * @return e.g. "Avoidable bias"; an unknown key with underscores as spaces
     */
    public static String title(String key) {
        String title = TITLES.get(key);
        if (title != null) {
            return title;
        }
        String spaced = key.replace('_', ' ');
        return spaced.isEmpty() ? spaced : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    /**
     * Tells whether a gap is a finding: larger than its 95% interval allows for noise (always true
     * when the counts are unknown).
     *
     * @param gap the gap's key
     * @return whether its interval lies above 0
     */
    public boolean significant(String gap) {
        double[] interval = intervals.get(gap);
        return interval == null || interval[0] > 0;
    }

    /**
     * Computes the diagnosis.
     *
     * @param humanError the human-level error (0 if unknown)
     * @param trainError training error
     * @param trainValError train-val error, or {@code NaN}
     * @param valError validation error
     * @param testError test error, or {@code NaN}
     * @return the diagnosis
     */
    public static Diagnosis of(double humanError, double trainError, double trainValError, double valError, double testError) {
        return of(humanError, trainError, trainValError, valError, testError, 0, 0, 0, 0);
    }

    /**
     * Computes the diagnosis and compares each gap with its 95% interval, so a gap within the
     * noise of the image counts is not named as the problem.
     *
     * @param humanError the human-level error (0 if unknown)
     * @param trainError training error
     * @param trainValError train-val error, or {@code NaN}
     * @param valError validation error
     * @param testError test error, or {@code NaN}
     * @param trainCount training images (0 if unknown: then no intervals)
     * @param trainValCount train-val images
     * @param valCount validation images
     * @param testCount test images
     * @return the diagnosis
     */
    public static Diagnosis of(double humanError, double trainError, double trainValError, double valError, double testError,
            int trainCount, int trainValCount, int valCount, int testCount) {
        if (!(humanError >= 0 && humanError < 1)) {
            throw new IllegalArgumentException("human-error must be in [0, 1), got " + humanError);
        }
        Map<String, Double> gaps = new LinkedHashMap<>();
        Map<String, double[]> intervals = new LinkedHashMap<>();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        boolean counted = trainCount > 0 && valCount > 0;
        gaps.put("avoidable_bias", trainError - humanError);
        if (counted) {
            double half = 1.96 * Math.sqrt(variance(trainError, trainCount));
            intervals.put("avoidable_bias", new double[] {trainError - humanError - half, trainError - humanError + half});
            sizes.put("avoidable_bias", trainCount);
        }
        if (Double.isNaN(trainValError)) {
            gap(gaps, intervals, sizes, counted, "variance", trainError, trainCount, valError, valCount);
        } else {
            gap(gaps, intervals, sizes, counted && trainValCount > 0, "variance", trainError, trainCount, trainValError, trainValCount);
            gap(gaps, intervals, sizes, counted && trainValCount > 0, "data_mismatch", trainValError, trainValCount, valError, valCount);
        }
        if (!Double.isNaN(testError)) {
            gap(gaps, intervals, sizes, counted && testCount > 0, "validation_overfitting", valError, valCount, testError, testCount);
        }
        String problem = "none";
        double largest = 0.01;
        boolean noise = false;
        for (Map.Entry<String, Double> gap : gaps.entrySet()) {
            if (gap.getValue() > largest) {
                double[] interval = intervals.get(gap.getKey());
                if (interval != null && interval[0] <= 0) {
                    noise = true;
                    continue;
                }
                largest = gap.getValue();
                problem = gap.getKey();
            }
        }
        String advice = ADVICE.get(problem.equals("none") && noise ? "noise" : problem);
        return new Diagnosis(humanError, trainError, trainValError, valError, testError, gaps, intervals, sizes, problem, advice);
    }

    private static void gap(Map<String, Double> gaps, Map<String, double[]> intervals, Map<String, Integer> sizes, boolean counted,
            String name, double lower, int lowerCount, double upper, int upperCount) {
        double gap = upper - lower;
        gaps.put(name, gap);
        if (counted) {
            double half = 1.96 * Math.sqrt(variance(lower, lowerCount) + variance(upper, upperCount));
            intervals.put(name, new double[] {gap - half, gap + half});
            sizes.put(name, Math.min(lowerCount, upperCount));
        }
    }

    /** The variance of an error rate on n images, Agresti–Caffo adjusted so 0 errors still has width. */
    private static double variance(double error, int n) {
        double adjusted = (error * n + 1) / (n + 2);
        return adjusted * (1 - adjusted) / (n + 2);
    }
}
