package dev.graft.zoo.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/**
 * ReLU6's gradient must not depend on the garbage collector: the backward pass runs after the
 * collector has freed every unreachable direct buffer and the memory has been reused.
 */
class Relu6Test {

    @Test
    void gradient_isOneInsideZeroToSix_evenAfterTheCollectorReusedFreedBuffers() {
        Block relu6 = Layers.relu6();
        float[] x = {-2f, 0.5f, 3f, 5.5f, 7f, 100f};
        float[] expected = {0, 1, 1, 1, 0, 0};
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            for (int round = 0; round < 20; round++) {
                NDArray input = manager.create(x);
                input.setRequiresGradient(true);
                try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDArray y = relu6.forward(new ParameterStore(manager, false), new NDList(input), true).singletonOrThrow();
                    DirectMemory.churn();
                    collector.backward(y.sum());
                }
                assertArrayEquals(expected, input.getGradient().toFloatArray(), "round " + round);
            }
        }
    }
}
