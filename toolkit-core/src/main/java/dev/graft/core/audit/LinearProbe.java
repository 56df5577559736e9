package dev.graft.core.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Multinomial logistic regression on frozen embeddings, and its out-of-sample probabilities by
 * stratified k-fold cross-validation: the "head on cached features" that confident learning and
 * the split-shift test need, trained in seconds. Each fold centres the features on its training
 * rows and scales every row to unit length (so one step size fits any backbone), then runs
 * full-batch gradient descent with Nesterov momentum on the L2-regularised cross-entropy.
 */
public final class LinearProbe {

    private static final int ITERATIONS = 300;
    private static final double STEP = 2.0;
    private static final double MOMENTUM = 0.9;
    private static final double L2 = 1e-4;

    private final double[] centre;
    private final double[][] weights;

    private LinearProbe(double[] centre, double[][] weights) {
        this.centre = centre;
        this.weights = weights;
    }

    /**
     * Out-of-sample class probabilities: each row is predicted by a probe that never saw it.
     *
     * @param x the features, one row per sample
     * @param y the labels, in [0, classes)
     * @param classes the number of classes
     * @param folds the number of folds (at least 2; capped by the smallest class's size)
     * @param seed the fold assignment's seed
     * @return probabilities, one row per sample
     */
    public static double[][] outOfFold(float[][] x, int[] y, int classes, int folds, long seed) {
        int[] fold = stratifiedFolds(y, classes, folds, seed);
        double[][] probabilities = new double[x.length][];
        for (int f = 0; f < folds; f++) {
            List<Integer> trainRows = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                if (fold[i] != f) {
                    trainRows.add(i);
                }
            }
            LinearProbe probe = fit(x, y, classes, trainRows);
            for (int i = 0; i < x.length; i++) {
                if (fold[i] == f) {
                    probabilities[i] = probe.predict(x[i]);
                }
            }
        }
        return probabilities;
    }

    /** Assigns each sample a fold so every class is spread evenly over the folds. */
    static int[] stratifiedFolds(int[] y, int classes, int folds, long seed) {
        Random random = new Random(seed);
        int[] fold = new int[y.length];
        for (int c = 0; c < classes; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                if (y[i] == c) {
                    members.add(i);
                }
            }
            Collections.shuffle(members, random);
            for (int r = 0; r < members.size(); r++) {
                fold[members.get(r)] = r % folds;
            }
        }
        return fold;
    }

    /**
     * Fits a probe on some rows.
     *
     * @param x the features
     * @param y the labels
     * @param classes the number of classes
     * @param rows which rows to fit on
     * @return the probe
     */
    static LinearProbe fit(float[][] x, int[] y, int classes, List<Integer> rows) {
        int d = x[0].length;
        double[] centre = new double[d];
        for (int i : rows) {
            for (int j = 0; j < d; j++) {
                centre[j] += x[i][j];
            }
        }
        for (int j = 0; j < d; j++) {
            centre[j] /= rows.size();
        }
        double[][] features = new double[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            features[r] = prepare(x[rows.get(r)], centre);
        }
        double[][] w = new double[classes][d + 1];
        double[][] velocity = new double[classes][d + 1];
        double[][] look = new double[classes][d + 1];
        double[][] gradient = new double[classes][d + 1];
        double[] p = new double[classes];
        int n = rows.size();
        for (int it = 0; it < ITERATIONS; it++) {
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j <= d; j++) {
                    look[c][j] = w[c][j] + MOMENTUM * velocity[c][j];
                    gradient[c][j] = j < d ? L2 * look[c][j] : 0;
                }
            }
            for (int r = 0; r < n; r++) {
                softmax(look, features[r], p);
                p[y[rows.get(r)]] -= 1;
                for (int c = 0; c < classes; c++) {
                    double g = p[c] / n;
                    double[] gc = gradient[c];
                    double[] f = features[r];
                    for (int j = 0; j < d; j++) {
                        gc[j] += g * f[j];
                    }
                    gc[d] += g;
                }
            }
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j <= d; j++) {
                    velocity[c][j] = MOMENTUM * velocity[c][j] - STEP * gradient[c][j];
                    w[c][j] += velocity[c][j];
                }
            }
        }
        return new LinearProbe(centre, w);
    }

    /**
     * Predicts class probabilities.
     *
     * @param row one feature row
     * @return probabilities by class
     */
    double[] predict(float[] row) {
        double[] p = new double[weights.length];
        softmax(weights, prepare(row, centre), p);
        return p;
    }

    private static double[] prepare(float[] row, double[] centre) {
        double[] f = new double[row.length];
        double norm = 0;
        for (int j = 0; j < row.length; j++) {
            f[j] = row[j] - centre[j];
            norm += f[j] * f[j];
        }
        double scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
        for (int j = 0; j < row.length; j++) {
            f[j] *= scale;
        }
        return f;
    }

    private static void softmax(double[][] w, double[] f, double[] p) {
        int d = f.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < w.length; c++) {
            double z = w[c][d];
            double[] wc = w[c];
            for (int j = 0; j < d; j++) {
                z += wc[j] * f[j];
            }
            p[c] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < w.length; c++) {
            p[c] = Math.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < w.length; c++) {
            p[c] /= sum;
        }
    }
}
