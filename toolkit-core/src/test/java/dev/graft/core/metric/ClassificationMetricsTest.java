package dev.graft.core.metric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    private static final List<String> CLASSES = List.of("benign", "melanoma");

    @Test
    void compute_matchesHandWorkedExample() {
        int[] labels = {0, 0, 0, 1, 1};
        float[][] p = {{0.9f, 0.1f}, {0.6f, 0.4f}, {0.3f, 0.7f}, {0.2f, 0.8f}, {0.55f, 0.45f}};
        ClassificationReport r = ClassificationMetrics.compute(CLASSES, labels, p, new float[] {1, 10});
        assertEquals(0.6, r.accuracy(), 1e-12);
        assertEquals((2 / 3.0 + 1 / 2.0) / 2, r.balancedAccuracy(), 1e-12);
        // errors: one benign (weight 1) and one melanoma (weight 10) out of 3·1 + 2·10
        assertEquals(11 / 23.0, r.weightedError(), 1e-12);
        assertArrayEquals(new int[] {2, 1}, r.confusion()[0]);
        assertArrayEquals(new int[] {1, 1}, r.confusion()[1]);
        // positives score 0.8 and 0.45; negatives 0.1, 0.4, 0.7: 0.8 beats 3, 0.45 beats 2 → 5/6
        assertEquals(5 / 6.0, r.auc(), 1e-12);
        ClassMetrics melanoma = r.perClass().get(1);
        assertEquals(0.5, melanoma.precision(), 1e-12);
        assertEquals(0.5, melanoma.recall(), 1e-12);
    }

    @Test
    void binaryAuc_countsTiesAsHalf() {
        int[] labels = {0, 1};
        float[][] p = {{0.5f, 0.5f}, {0.5f, 0.5f}};
        assertEquals(0.5, ClassificationMetrics.binaryAuc(labels, p, 1), 1e-12);
    }

    @Test
    void withIntervals_bracketsThePointEstimate() {
        int n = 200;
        int[] labels = new int[n];
        float[][] p = new float[n][];
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            float s = (float) Math.min(1, Math.max(0, labels[i] * 0.3 + 0.35 + random.nextGaussian() * 0.2));
            p[i] = new float[] {1 - s, s};
        }
        ClassificationReport r = ClassificationMetrics.withIntervals(CLASSES, labels, p, new float[] {1, 1}, 300, 1);
        double[] ci = r.intervals().get("accuracy");
        assertTrue(ci[0] < r.accuracy() && r.accuracy() < ci[1], java.util.Arrays.toString(ci));
        assertTrue(ci[1] - ci[0] < 0.2);
    }

    @Test
    void precisionRecall_stopsAtFullRecall_andAveragePrecisionIsTheStepArea() {
        int[] labels = {1, 0, 1, 0};
        float[][] p = {{0.1f, 0.9f}, {0.2f, 0.8f}, {0.3f, 0.7f}, {0.9f, 0.1f}};
        java.util.List<double[]> curve = ClassificationMetrics.precisionRecallCurve(labels, p, 1);
        org.junit.jupiter.api.Assertions.assertEquals(4, curve.size());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, 2 / 3.0}, curve.get(3), 1e-12);
        org.junit.jupiter.api.Assertions.assertEquals(0.5 + 0.5 * 2 / 3.0, ClassificationMetrics.averagePrecision(labels, p, 1), 1e-12);
    }
}
