package dev.graft.core.metric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Computes {@link ClassificationReport}s from labels and predicted probabilities, with optional
 * bootstrap confidence intervals.
 */
public final class ClassificationMetrics {

    private static final String[] BOOTSTRAPPED = {"accuracy", "balanced_accuracy", "macro_f1", "auc", "weighted_error"};

    private ClassificationMetrics() {}

    /**
     * Computes the metrics.
     *
     * @param classNames the class names
     * @param labels the true class per example
     * @param probabilities the predicted class probabilities per example
     * @param classWeights the cost of an error per true class (all 1 for plain error)
     * @return the report, without intervals
     */
    public static ClassificationReport compute(
            List<String> classNames, int[] labels, float[][] probabilities, float[] classWeights) {
        return compute(classNames, labels, probabilities, classWeights, OperatingPoint.ARGMAX);
    }

    /**
     * Computes the metrics with predictions made at an operating point.
     *
     * @param classNames the class names
     * @param labels the true class per example
     * @param probabilities the predicted class probabilities per example
     * @param classWeights the cost of an error per true class (all 1 for plain error)
     * @param point how probabilities become predicted classes
     * @return the report, without intervals
     */
    public static ClassificationReport compute(
            List<String> classNames, int[] labels, float[][] probabilities, float[] classWeights, OperatingPoint point) {
        int k = classNames.size();
        int n = labels.length;
        if (n == 0) {
            throw new IllegalArgumentException("no examples to evaluate");
        }
        int[][] confusion = new int[k][k];
        double weightedWrong = 0;
        double weightTotal = 0;
        double logLoss = 0;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int predicted = point.predict(probabilities[i]);
            confusion[labels[i]][predicted]++;
            double w = classWeights[labels[i]];
            weightTotal += w;
            if (predicted == labels[i]) {
                correct++;
            } else {
                weightedWrong += w;
            }
            logLoss -= Math.log(Math.max(1e-12, probabilities[i][labels[i]]));
        }
        List<ClassMetrics> perClass = new ArrayList<>();
        double recallSum = 0;
        double f1Sum = 0;
        int present = 0;
        for (int c = 0; c < k; c++) {
            int tp = confusion[c][c];
            int support = Arrays.stream(confusion[c]).sum();
            int predictedCount = 0;
            for (int[] row : confusion) {
                predictedCount += row[c];
            }
            double precision = predictedCount == 0 ? 0 : tp / (double) predictedCount;
            double recall = support == 0 ? 0 : tp / (double) support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.add(new ClassMetrics(classNames.get(c), precision, recall, f1, support));
            if (support > 0) {
                recallSum += recall;
                f1Sum += f1;
                present++;
            }
        }
        return new ClassificationReport(
                n,
                correct / (double) n,
                recallSum / present,
                weightedWrong / weightTotal,
                f1Sum / present,
                auc(labels, probabilities, k),
                logLoss / n,
                perClass,
                confusion,
                Map.of());
    }

    /**
     * Computes the metrics and bootstrap 95% percentile intervals (resampling examples with
     * replacement).
     *
     * @param classNames the class names
     * @param labels the true class per example
     * @param probabilities the predicted probabilities
     * @param classWeights the per-class error costs
     * @param resamples how many bootstrap resamples
     * @param seed the random seed
     * @return the report with intervals
     */
    public static ClassificationReport withIntervals(
            List<String> classNames, int[] labels, float[][] probabilities, float[] classWeights,
            int resamples, long seed) {
        return withIntervals(classNames, labels, probabilities, classWeights, OperatingPoint.ARGMAX, resamples, seed);
    }

    /**
     * Computes the metrics at an operating point, with bootstrap 95% percentile intervals.
     *
     * @param classNames the class names
     * @param labels the true class per example
     * @param probabilities the predicted probabilities
     * @param classWeights the per-class error costs
     * @param operatingPoint how probabilities become predicted classes
     * @param resamples how many bootstrap resamples
     * @param seed the random seed
     * @return the report with intervals
     */
    public static ClassificationReport withIntervals(
            List<String> classNames, int[] labels, float[][] probabilities, float[] classWeights,
            OperatingPoint operatingPoint, int resamples, long seed) {
        ClassificationReport point = compute(classNames, labels, probabilities, classWeights, operatingPoint);
        Random random = new Random(seed);
        int n = labels.length;
        Map<String, double[]> samples = new LinkedHashMap<>();
        for (String name : BOOTSTRAPPED) {
            samples.put(name, new double[resamples]);
        }
        int[] l = new int[n];
        float[][] p = new float[n][];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < n; i++) {
                int j = random.nextInt(n);
                l[i] = labels[j];
                p[i] = probabilities[j];
            }
            ClassificationReport r = compute(classNames, l, p, classWeights, operatingPoint);
            for (String name : BOOTSTRAPPED) {
                samples.get(name)[b] = r.get(name);
            }
        }
        Map<String, double[]> intervals = new LinkedHashMap<>();
        samples.forEach((name, values) -> {
            double[] finite = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
            if (finite.length > 0) {
                intervals.put(name, new double[] {
                    finite[(int) Math.floor(0.025 * (finite.length - 1))],
                    finite[(int) Math.ceil(0.975 * (finite.length - 1))]
                });
            }
        });
        return new ClassificationReport(point.count(), point.accuracy(), point.balancedAccuracy(),
                point.weightedError(), point.macroF1(), point.auc(), point.logLoss(), point.perClass(),
                point.confusion(), intervals);
    }

    /**
     * Returns the index of the largest value.
     *
     * @param values the values
     * @return the first index of the maximum
     */
    public static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Binary AUC for two classes; macro one-vs-rest otherwise. */
    static double auc(int[] labels, float[][] probabilities, int k) {
        if (k == 2) {
            return binaryAuc(labels, probabilities, 1);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            double a = binaryAuc(labels, probabilities, c);
            if (Double.isNaN(a)) {
                return Double.NaN;
            }
            sum += a;
        }
        return sum / k;
    }

    /**
     * The probability that a random positive scores above a random negative (ties count half),
     * computed from ranks (Mann–Whitney U).
     *
     * @param labels true classes
     * @param probabilities predicted probabilities
     * @param positive the positive class
     * @return the AUC, or {@code NaN} if either group is empty
     */
    public static double binaryAuc(int[] labels, float[][] probabilities, int positive) {
        int n = labels.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(probabilities[a][positive], probabilities[b][positive]));
        double rankSumPositive = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && probabilities[order[j + 1]][positive] == probabilities[order[i]][positive]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                if (labels[order[t]] == positive) {
                    rankSumPositive += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /**
     * Returns the ROC curve of a class against the rest, as (false positive rate, true positive
     * rate) points from (0, 0) to (1, 1).
     *
     * @param labels true classes
     * @param probabilities predicted probabilities
     * @param positive the positive class
     * @return the points, one per distinct threshold
     */
    public static List<double[]> rocCurve(int[] labels, float[][] probabilities, int positive) {
        int n = labels.length;
        Integer[] order = descending(probabilities, positive);
        long positives = Arrays.stream(labels).filter(l -> l == positive).count();
        long negatives = n - positives;
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {0, 0});
        long tp = 0;
        long fp = 0;
        for (int i = 0; i < n; i++) {
            if (labels[order[i]] == positive) {
                tp++;
            } else {
                fp++;
            }
            boolean lastOfTie = i + 1 == n
                    || probabilities[order[i + 1]][positive] != probabilities[order[i]][positive];
            if (lastOfTie) {
                points.add(new double[] {negatives == 0 ? 0 : fp / (double) negatives, positives == 0 ? 0 : tp / (double) positives});
            }
        }
        return points;
    }

    /**
     * Returns the precision–recall curve of a class against the rest, as (recall, precision)
     * points, one per distinct threshold from the highest score down to the first that reaches full
     * recall, starting at (0, 1).
     *
     * @param labels true classes
     * @param probabilities predicted probabilities
     * @param positive the positive class
     * @return the points
     */
    public static List<double[]> precisionRecallCurve(int[] labels, float[][] probabilities, int positive) {
        int n = labels.length;
        Integer[] order = descending(probabilities, positive);
        long positives = Arrays.stream(labels).filter(l -> l == positive).count();
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {0, 1});
        long tp = 0;
        for (int i = 0; i < n; i++) {
            if (labels[order[i]] == positive) {
                tp++;
            }
            if (i + 1 == n || probabilities[order[i + 1]][positive] != probabilities[order[i]][positive]) {
                points.add(new double[] {positives == 0 ? 0 : tp / (double) positives, tp / (double) (i + 1)});
                if (tp == positives) {
                    break; // lower thresholds add only false positives at full recall, as scikit-learn stops too
                }
            }
        }
        return points;
    }

    /**
     * The average precision of a class against the rest: the precision at each threshold weighted
     * by the recall it adds (the step-wise area under the precision–recall curve).
     *
     * @param labels true classes
     * @param probabilities predicted probabilities
     * @param positive the positive class
     * @return the average precision, or {@code NaN} without positives
     */
    public static double averagePrecision(int[] labels, float[][] probabilities, int positive) {
        List<double[]> curve = precisionRecallCurve(labels, probabilities, positive);
        if (Arrays.stream(labels).noneMatch(l -> l == positive)) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 1; i < curve.size(); i++) {
            sum += (curve.get(i)[0] - curve.get(i - 1)[0]) * curve.get(i)[1];
        }
        return sum;
    }

    private static Integer[] descending(float[][] probabilities, int positive) {
        Integer[] order = new Integer[probabilities.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(probabilities[b][positive], probabilities[a][positive]));
        return order;
    }
}
