package dev.graft.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
