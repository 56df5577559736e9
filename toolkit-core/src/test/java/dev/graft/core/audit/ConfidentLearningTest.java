package dev.graft.core.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConfidentLearningTest {

    @Test
    void confidentJoint_thresholdsAndSuspects_followTheDefinition() {
        double[][] p = {{0.9, 0.1}, {0.8, 0.2}, {0.1, 0.9}, {0.3, 0.7}, {0.2, 0.8}, {0.65, 0.35}};
        int[] given = {0, 0, 0, 1, 1, 1};
        ConfidentLearning cl = ConfidentLearning.find(p, given, 2);
        // t0 = mean p0 over given 0 = (0.9 + 0.8 + 0.1) / 3 = 0.6; t1 = (0.7 + 0.8 + 0.35) / 3 = 0.6167
        assertEquals(0.6, cl.thresholds()[0], 1e-12);
        assertEquals(1.85 / 3, cl.thresholds()[1], 1e-12);
        // sample 5 (given 1): p0 = 0.65 >= t0, p1 = 0.35 < t1 -> joint[1][0]; sample 2 (given 0): p1 = 0.9 -> joint[0][1]
        assertArrayEquals(new int[] {2, 1}, cl.confidentJoint()[0]);
        assertArrayEquals(new int[] {1, 2}, cl.confidentJoint()[1]);
        assertEquals(2, cl.suspects().size());
        assertEquals(2, cl.suspects().get(0).index(), "lowest self-confidence (0.1) first");
        assertEquals(1, cl.suspects().get(0).likely());
        assertEquals(5, cl.suspects().get(1).index());
        assertEquals(1.0 / 6, cl.noise()[0][1], 1e-12);
        assertEquals(2, cl.ranking()[0]);
    }

    @Test
    void auc_countsTiesAsHalf() {
        assertEquals(1.0, Auc.of(new double[] {0.1, 0.2, 0.8, 0.9}, new int[] {0, 0, 1, 1}), 1e-12);
        assertEquals(0.5, Auc.of(new double[] {0.5, 0.5, 0.5, 0.5}, new int[] {0, 1, 0, 1}), 1e-12);
        assertEquals(0.75, Auc.of(new double[] {0.1, 0.6, 0.5, 0.9}, new int[] {0, 0, 1, 1}), 1e-12);
    }

    @Test
    void nearRule_needsAConfirmingHashBelowTheStrictSimilarity() {
        NearRule rule = new NearRule(0.98, 0.8, 12, true);
        assertEquals(true, rule.accepts(0.99, 40));
        assertEquals(true, rule.accepts(0.85, 12));
        assertEquals(false, rule.accepts(0.85, 13));
        assertEquals(false, rule.accepts(0.79, 0));
    }
}
