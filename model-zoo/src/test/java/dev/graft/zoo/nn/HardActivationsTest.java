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
 * PyTorch's hard sigmoid and hard swish, values and gradients, with the backward pass run after the
 * garbage collector freed every unreachable direct buffer and their memory was reused: the
 * constants must not live in Java buffers.
 */
class HardActivationsTest {

    private static final float[] X = {-5f, -3.5f, -1.5f, 0f, 0.75f, 2f, 4f};

    @Test
    void hardSigmoid_isRelu6OfXPlus3Over6_withGradientOneSixthInside() {
        float[] value = new float[X.length];
        float[] gradient = new float[X.length];
        for (int i = 0; i < X.length; i++) {
            value[i] = Math.min(Math.max(X[i] + 3, 0), 6) / 6;
            gradient[i] = X[i] > -3 && X[i] < 3 ? 1f / 6 : 0f;
        }
        check(new HardSigmoid(), value, gradient);
    }

    @Test
    void hardSwish_isXTimesHardSigmoid_withPyTorchsGradient() {
        float[] value = new float[X.length];
        float[] gradient = new float[X.length];
        for (int i = 0; i < X.length; i++) {
            value[i] = X[i] * Math.min(Math.max(X[i] + 3, 0), 6) / 6;
            gradient[i] = X[i] <= -3 ? 0f : X[i] >= 3 ? 1f : (2 * X[i] + 3) / 6;
        }
        check(new HardSwish(), value, gradient);
    }

    @Test
    void silu_isXTimesSigmoid_withItsGradient() {
        float[] value = new float[X.length];
        float[] gradient = new float[X.length];
        for (int i = 0; i < X.length; i++) {
            double s = 1 / (1 + Math.exp(-X[i]));
            value[i] = (float) (X[i] * s);
            gradient[i] = (float) (s * (1 + X[i] * (1 - s)));
        }
        check(new Silu(), value, gradient);
    }

    private static void check(Block block, float[] value, float[] gradient) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            for (int round = 0; round < 10; round++) {
                try (NDManager step = manager.newSubManager()) {
                    NDArray input = step.create(X);
                    input.setRequiresGradient(true);
                    try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                        NDArray y = block.forward(new ParameterStore(step, false), new NDList(input), true).singletonOrThrow();
                        assertArrayEquals(value, y.toFloatArray(), 1e-6f, "round " + round);
                        DirectMemory.churn();
                        collector.backward(y.sum());
                    }
                    assertArrayEquals(gradient, input.getGradient().toFloatArray(), 1e-6f, "round " + round);
                }
            }
        }
    }
}
