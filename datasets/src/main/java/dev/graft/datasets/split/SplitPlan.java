package dev.graft.datasets.split;

/**
 * How to split one labelled pool: the fractions of it that become validation, test and
 * train-val (held out from the training distribution, to measure variance apart from data
 * mismatch), and the seed. What remains is training data.
 *
 * @param valFraction the share for validation
 * @param testFraction the share for test
 * @param trainValFraction the share for train-val
 * @param seed the random seed; the same seed and data give the same split
 */
public record SplitPlan(
        double valFraction, double testFraction, double trainValFraction, long seed) {

    /** Checks the fractions are in [0, 1) and leave some training data. */
    public SplitPlan {
        for (double f : new double[] {valFraction, testFraction, trainValFraction}) {
            if (!(f >= 0 && f < 1)) {
                throw new IllegalArgumentException("split fractions must be in [0, 1), got " + f);
            }
        }
        if (valFraction + testFraction + trainValFraction >= 1) {
            throw new IllegalArgumentException(
                    "val + test + train-val fractions must leave training data, got "
                            + (valFraction + testFraction + trainValFraction));
        }
    }

    /** @return the training share */
    public double trainFraction() {
        return 1 - valFraction - testFraction - trainValFraction;
    }
}
