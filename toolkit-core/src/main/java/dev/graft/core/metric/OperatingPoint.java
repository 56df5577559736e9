package dev.graft.core.metric;

import java.util.Arrays;
import java.util.List;

/**
 * How probabilities become a predicted class: the most probable class ({@link #ARGMAX}), or, for
 * two classes, the positive class whenever its probability reaches a threshold chosen on
 * validation data (for a target recall, or for the lowest cost under the class weights).
 *
 * @param rule {@code argmax}, {@code recall} or {@code cost}
 * @param positive the positive class's index, or -1 for argmax
 * @param threshold the positive class's probability from which it is predicted, or NaN
 * @param targetRecall the recall asked for with the {@code recall} rule, else NaN
 */
public record OperatingPoint(String rule, int positive, double threshold, double targetRecall) {

    /** The most probable class wins. */
    public static final OperatingPoint ARGMAX = new OperatingPoint("argmax", -1, Double.NaN, Double.NaN);

    /**
     * Predicts a class.
     *
     * @param probabilities the class probabilities
     * @return the predicted class index
     */
    public int predict(float[] probabilities) {
        if (positive < 0) {
            return ClassificationMetrics.argmax(probabilities);
        }
        return probabilities[positive] >= threshold ? positive : 1 - positive;
    }

    /**
     * The highest threshold whose recall of the positive class on these examples reaches the
     * target: the most precise point that still finds that share of positives.
     *
     * @param labels true classes (two classes)
     * @param probabilities predicted probabilities
     * @param positive the positive class
     * @param targetRecall the recall to reach, in (0, 1]
     * @return the operating point
     */
    public static OperatingPoint forRecall(int[] labels, float[][] probabilities, int positive, double targetRecall) {
        if (!(targetRecall > 0 && targetRecall <= 1)) {
            throw new IllegalArgumentException("target-recall must be in (0, 1], got " + targetRecall);
        }
        double[] scores = positiveScores(labels, probabilities, positive, true);
        if (scores.length == 0) {
            throw new IllegalArgumentException("the validation set has no example of the positive class; cannot choose a threshold.");
        }
        Arrays.sort(scores);
        int needed = (int) Math.ceil(targetRecall * scores.length - 1e-9);
        return new OperatingPoint("recall", positive, scores[scores.length - needed], targetRecall);
    }

    /**
     * The threshold with the lowest weighted error on these examples (an error on a true class
     * costs that class's weight); among equally good thresholds, the one nearest 0.5.
     *
     * @param labels true classes (two classes)
     * @param probabilities predicted probabilities
     * @param positive the positive class
     * @param classWeights the cost of an error per true class
     * @return the operating point
     */
    public static OperatingPoint forCost(int[] labels, float[][] probabilities, int positive, float[] classWeights) {
        double[] candidates = java.util.stream.DoubleStream.concat(
                Arrays.stream(positiveScores(labels, probabilities, positive, false)),
                java.util.stream.DoubleStream.of(0.5, 1.0 + 1e-6)).distinct().sorted().toArray();
        double bestCost = Double.POSITIVE_INFINITY;
        double best = 0.5;
        for (double t : candidates) {
            double cost = 0;
            for (int i = 0; i < labels.length; i++) {
                int predicted = probabilities[i][positive] >= t ? positive : 1 - positive;
                cost += predicted == labels[i] ? 0 : classWeights[labels[i]];
            }
            if (cost < bestCost - 1e-12 || Math.abs(cost - bestCost) <= 1e-12 && Math.abs(t - 0.5) < Math.abs(best - 0.5)) {
                bestCost = cost;
                best = t;
            }
        }
        return new OperatingPoint("cost", positive, best, Double.NaN);
    }

    /**
     * Resolves the positive class by name; by default the second class, as scikit-learn does.
     *
     * @param classNames the classes (exactly two)
     * @param name the positive class's name, or {@code null}
     * @return its index
     */
    public static int positiveIndex(List<String> classNames, String name) {
        if (classNames.size() != 2) {
            throw new IllegalArgumentException("a decision threshold needs exactly two classes; this data has " + classNames + ".");
        }
        if (name == null) {
            return 1;
        }
        int index = classNames.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("positive " + name + " is not a class; the classes are " + classNames + ".");
        }
        return index;
    }

    private static double[] positiveScores(int[] labels, float[][] probabilities, int positive, boolean onlyPositives) {
        return java.util.stream.IntStream.range(0, labels.length).filter(i -> !onlyPositives || labels[i] == positive)
                .mapToDouble(i -> probabilities[i][positive]).toArray();
    }
}
