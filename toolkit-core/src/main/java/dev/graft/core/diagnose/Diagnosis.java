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
 * @param problem the name of the largest gap
 * @param advice what to do about it
 */
public record Diagnosis(
        double humanError,
        double trainError,
        double trainValError,
        double valError,
        double testError,
        Map<String, Double> gaps,
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
            "none", "No gap stands out: errors are near human level.");

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
        if (!(humanError >= 0 && humanError < 1)) {
            throw new IllegalArgumentException("human-error must be in [0, 1), got " + humanError);
        }
        Map<String, Double> gaps = new LinkedHashMap<>();
        gaps.put("avoidable_bias", trainError - humanError);
        if (Double.isNaN(trainValError)) {
            gaps.put("variance", valError - trainError);
        } else {
            gaps.put("variance", trainValError - trainError);
            gaps.put("data_mismatch", valError - trainValError);
        }
        if (!Double.isNaN(testError)) {
            gaps.put("validation_overfitting", testError - valError);
        }
        String problem = "none";
        double largest = 0.01;
        for (Map.Entry<String, Double> gap : gaps.entrySet()) {
            if (gap.getValue() > largest) {
                largest = gap.getValue();
                problem = gap.getKey();
            }
        }
        return new Diagnosis(humanError, trainError, trainValError, valError, testError, gaps, problem, ADVICE.get(problem));
    }
}
