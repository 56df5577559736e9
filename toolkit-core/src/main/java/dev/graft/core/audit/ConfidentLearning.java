package dev.graft.core.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Confident learning (Northcutt, Jiang &amp; Chuang, JAIR 2021) on out-of-sample probabilities: a
 * per-class threshold t_j = the mean probability of class j over the samples labelled j; the
 * confident joint C[i][j] counts samples labelled i whose probability of j reaches t_j (the
 * largest such j when several do); C calibrated to the class counts and normalised estimates the
 * joint of given and true labels, whose off-diagonal is the noise rate per class pair. Samples
 * off the diagonal are label suspects, ranked by self-confidence (the probability of their given
 * label), lowest first.
 *
 * @param thresholds the per-class thresholds
 * @param confidentJoint C[given][likely]
 * @param noise the estimated joint P(given = i, true = j)
 * @param ranking every sample by self-confidence, lowest first
 * @param suspects the samples off the confident joint's diagonal, lowest self-confidence first
 */
public record ConfidentLearning(double[] thresholds, int[][] confidentJoint, double[][] noise, int[] ranking, List<Suspect> suspects) {

    /**
     * One label suspect.
     *
     * @param index the sample
     * @param given its given label
     * @param likely the label confident learning assigns it
     * @param selfConfidence the probability of its given label
     * @param likelyProbability the probability of the likely label
     */
    public record Suspect(int index, int given, int likely, double selfConfidence, double likelyProbability) { }

    /**
     * Runs confident learning.
     *
     * @param p out-of-sample probabilities, one row per sample
     * @param given the given labels
     * @param classes the number of classes
     * @return the thresholds, joint, noise rates and suspects
     */
    public static ConfidentLearning find(double[][] p, int[] given, int classes) {
        int n = given.length;
        double[] thresholds = new double[classes];
        int[] counts = new int[classes];
        for (int i = 0; i < n; i++) {
            thresholds[given[i]] += p[i][given[i]];
            counts[given[i]]++;
        }
        for (int c = 0; c < classes; c++) {
            thresholds[c] = counts[c] > 0 ? thresholds[c] / counts[c] : 1;
        }
        int[][] joint = new int[classes][classes];
        int[] likely = new int[n];
        for (int i = 0; i < n; i++) {
            int best = -1;
            for (int j = 0; j < classes; j++) {
                if (p[i][j] >= thresholds[j] && (best < 0 || p[i][j] > p[i][best])) {
                    best = j;
                }
            }
            likely[i] = best;
            if (best >= 0) {
                joint[given[i]][best]++;
            }
        }
        double[][] noise = new double[classes][classes];
        double total = 0;
        for (int i = 0; i < classes; i++) {
            double row = IntStream.of(joint[i]).sum();
            for (int j = 0; j < classes; j++) {
                noise[i][j] = row > 0 ? joint[i][j] / row * counts[i] : 0;
                total += noise[i][j];
            }
        }
        for (int i = 0; i < classes; i++) {
            for (int j = 0; j < classes; j++) {
                noise[i][j] = total > 0 ? noise[i][j] / total : 0;
            }
        }
        int[] ranking = IntStream.range(0, n).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> p[i][given[i]]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
        List<Suspect> suspects = new ArrayList<>();
        for (int i : ranking) {
            if (likely[i] >= 0 && likely[i] != given[i]) {
                suspects.add(new Suspect(i, given[i], likely[i], p[i][given[i]], p[i][likely[i]]));
            }
        }
        return new ConfidentLearning(thresholds, joint, noise, ranking, List.copyOf(suspects));
    }
}
