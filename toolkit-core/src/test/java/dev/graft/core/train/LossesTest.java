package dev.graft.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class LossesTest {

    @Test
    void softCrossEntropy_onOneHotTargets_equalsCrossEntropy_andMixesLinearly() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray logits = m.create(new float[] {2f, -1f, 0.5f, 0.1f, 0.3f, -2f, 1f, 1f, 0f}, new Shape(3, 3));
            int[] labels = {0, 2, 1};
            float[] weights = {1f, 10f, 2f};
            float[] oneHot = new float[9];
            for (int i = 0; i < 3; i++) {
                oneHot[i * 3 + labels[i]] = 1;
            }
            float hard = Losses.crossEntropy(logits, m.create(labels), weights, 0.1f, m).getFloat();
            float soft = Losses.softCrossEntropy(logits, m.create(oneHot, new Shape(3, 3)), weights, 0.1f, m).getFloat();
            assertEquals(hard, soft, 1e-6);
            NDArray logits1 = logits.get("0:1");
            float mixed = Losses.softCrossEntropy(logits1, m.create(new float[] {0.5f, 0.5f, 0}, new Shape(1, 3)), new float[] {1, 1, 1}, 0, m)
                    .getFloat();
            float[] logp = logits1.logSoftmax(1).toFloatArray();
            assertEquals(-(0.5 * logp[0] + 0.5 * logp[1]), mixed, 1e-6, "a 50/50 target costs the mean of both classes' losses");
        }
    }

    @Test
    void focalLoss_withGammaZero_equalsCrossEntropyExactly_hardAndSoftTargets() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray logits = m.create(new float[] {2f, -1f, 0.5f, 0.1f, 0.3f, -2f, 1f, 1f, 0f}, new Shape(3, 3));
            NDArray labels = m.create(new int[] {0, 2, 1});
            NDArray mixed = m.create(new float[] {0.7f, 0.3f, 0, 0, 0.4f, 0.6f, 0.5f, 0.5f, 0}, new Shape(3, 3));
            float[] weights = {1f, 10f, 2f};
            for (float smoothing : new float[] {0f, 0.1f}) {
                assertEquals(Losses.crossEntropy(logits, labels, weights, smoothing, m).getFloat(),
                        Losses.focal(logits, labels, weights, smoothing, 0f, m).getFloat(), 0.0, "hard targets, smoothing " + smoothing);
                assertEquals(Losses.softCrossEntropy(logits, mixed, weights, smoothing, m).getFloat(),
                        Losses.softFocal(logits, mixed, weights, smoothing, 0f, m).getFloat(), 0.0, "soft targets, smoothing " + smoothing);
            }
        }
    }

    @Test
    void focalLoss_onTwoExamples_equalsTheHandFormula_withClassWeightsAsAlphaAndSmoothing() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            float[][] z = {{2f, 0f}, {0.5f, 1.5f}};
            int[] y = {0, 0};
            float[] alpha = {0.25f, 0.75f};
            float gamma = 2f;
            float eps = 0.1f;
            NDArray logits = m.create(new float[] {z[0][0], z[0][1], z[1][0], z[1][1]}, new Shape(2, 2));
            double weighted = 0;
            double weightSum = 0;
            for (int i = 0; i < 2; i++) {
                double p0 = 1 / (1 + Math.exp(z[i][1] - z[i][0]));
                double[] p = {p0, 1 - p0};
                double fl = 0;
                for (int c = 0; c < 2; c++) {
                    double q = (c == y[i] ? 1 - eps : 0) + eps / 2;
                    fl -= q * Math.pow(1 - p[c], gamma) * Math.log(p[c]);
                }
                weighted += alpha[y[i]] * fl;
                weightSum += alpha[y[i]];
            }
            assertEquals(weighted / weightSum, Losses.focal(logits, m.create(y), alpha, eps, gamma, m).getFloat(), 1e-6);
            // The well-classified first example (p = 0.88) weighs far less than under cross-entropy.
            float ce = Losses.crossEntropy(logits, m.create(y), alpha, 0, m).getFloat();
            float focal = Losses.focal(logits, m.create(y), alpha, 0, gamma, m).getFloat();
            assertTrue(focal < 0.5 * ce, "focal " + focal + " vs cross-entropy " + ce);
        }
    }
}
