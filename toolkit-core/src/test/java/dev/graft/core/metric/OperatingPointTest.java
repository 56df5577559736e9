package dev.graft.core.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OperatingPointTest {

    private static final int N = 400;
    private static final int[] LABELS = new int[N];
    private static final float[][] PROBABILITIES = new float[N][];

    static {
        Random random = new Random(11);
        for (int i = 0; i < N; i++) {
            LABELS[i] = i % 4 == 0 ? 1 : 0;
            float p = (float) Math.min(1, Math.max(0, (LABELS[i] == 1 ? 0.6 : 0.35) + random.nextGaussian() * 0.2));
            PROBABILITIES[i] = new float[] {1 - p, p};
        }
    }

    private static double recall(OperatingPoint point) {
        return ClassificationMetrics.compute(List.of("benign", "melanoma"), LABELS, PROBABILITIES, new float[] {1, 1}, point)
                .perClass().get(1).recall();
    }

    @Test
    void forRecall_isTheHighestThresholdThatReachesTheTarget() {
        OperatingPoint point = OperatingPoint.forRecall(LABELS, PROBABILITIES, 1, 0.9);
        assertTrue(recall(point) >= 0.9, "recall " + recall(point));
        OperatingPoint higher = new OperatingPoint("recall", 1, Math.nextUp(point.threshold()), 0.9);
        assertTrue(recall(higher) < 0.9, "any higher threshold misses the target: " + recall(higher));
        assertTrue(recall(OperatingPoint.ARGMAX) < 0.9, "argmax alone would not reach it: " + recall(OperatingPoint.ARGMAX));
    }

    @Test
    void forCost_lowersTheThresholdWhenMissingAPositiveCostsMore() {
        float[] weights = {1, 10};
        OperatingPoint point = OperatingPoint.forCost(LABELS, PROBABILITIES, 1, weights);
        assertTrue(point.threshold() < 0.5, "threshold " + point.threshold());
        List<String> names = List.of("benign", "melanoma");
        double atPoint = ClassificationMetrics.compute(names, LABELS, PROBABILITIES, weights, point).weightedError();
        for (double t = 0; t <= 1.0; t += 0.01) {
            double other = ClassificationMetrics.compute(names, LABELS, PROBABILITIES, weights,
                    new OperatingPoint("cost", 1, t, Double.NaN)).weightedError();
            assertTrue(atPoint <= other + 1e-12, "threshold " + t + " costs less: " + other + " < " + atPoint);
        }
    }

    @Test
    void positiveClass_defaultsToTheSecond_andNeedsTwoClasses() {
        assertEquals(1, OperatingPoint.positiveIndex(List.of("ants", "bees"), null));
        assertEquals(0, OperatingPoint.positiveIndex(List.of("ants", "bees"), "ants"));
        assertThrows(IllegalArgumentException.class, () -> OperatingPoint.positiveIndex(List.of("a", "b", "c"), null));
        assertThrows(IllegalArgumentException.class, () -> OperatingPoint.positiveIndex(List.of("ants", "bees"), "wasps"));
    }
}
