package dev.graft.zoo.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** Drop path drops whole samples in training only, keeps the mean, and follows the engine's seed. */
class StochasticDepthTest {

    private static float[] run(StochasticDepth block, NDManager manager, boolean training, int seed) {
        Engine.getEngine("PyTorch").setRandomSeed(seed);
        NDArray x = manager.ones(new Shape(2000, 3, 2, 2));
        return block.forward(new ParameterStore(manager, false), new NDList(x), training).singletonOrThrow().toFloatArray();
    }

    @Test
    void training_dropsWholeSamplesAtTheRate_andScalesTheRest_inferenceIsIdentity() {
        StochasticDepth block = new StochasticDepth(0.5f, 0.4f); // rate 0.2
        assertEquals(0.2f, block.rate(), 1e-7f);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            float[] y = run(block, manager, true, 7);
            int dropped = 0;
            for (int sample = 0; sample < 2000; sample++) {
                float first = y[sample * 12];
                for (int i = 1; i < 12; i++) {
                    assertEquals(first, y[sample * 12 + i], "sample " + sample + " is dropped or kept whole");
                }
                assertTrue(first == 0f || Math.abs(first - 1.25f) < 1e-6, "kept samples are scaled by 1/(1-rate): " + first);
                dropped += first == 0f ? 1 : 0;
            }
            assertEquals(400, dropped, 60, "about a fifth of 2000 samples dropped");
            assertArrayEquals(y, run(block, manager, true, 7), "same seed, same draws");
            float[] inference = run(block, manager, false, 7);
            for (float v : inference) {
                assertEquals(1f, v);
            }
        }
    }

    @Test
    void setMaxRate_setsEveryBlockByItsDepth_andRefusesARateOfOne() {
        NamedSequential net = new NamedSequential()
                .add("a", new StochasticDepth(0f, 0.1f))
                .add("b", new NamedSequential().add("c", new StochasticDepth(1f, 0.1f)));
        assertEquals(2, StochasticDepth.setMaxRate(net, 0.3f));
        assertEquals(0f, ((StochasticDepth) net.child("a")).rate());
        assertEquals(0.3f, ((StochasticDepth) ((NamedSequential) net.child("b")).child("c")).rate());
        assertThrows(IllegalArgumentException.class, () -> StochasticDepth.setMaxRate(net, 1f));
    }
}
