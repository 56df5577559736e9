package dev.graft.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.Initializer;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class OptimizerTest {

    /** Minimises ‖W − 3‖² for a 4×4 weight; returns the loss after {@code steps} updates. */
    private static float minimise(Optimizer optimizer, NDManager manager, Parameter w, int steps, float lr) {
        float loss = Float.NaN;
        for (int i = 0; i < steps; i++) {
            try (NDManager scope = manager.newSubManager()) {
                try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDArray l = w.getArray().sub(3f).square().sum();
                    l.attach(scope);
                    loss = l.getFloat();
                    collector.backward(l);
                }
                optimizer.update("w", w, lr, scope);
            }
        }
        return loss;
    }

    private static Parameter weight(NDManager manager) {
        Parameter w = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optShape(new Shape(4, 4)).build();
        w.setInitializer(Initializer.ZEROS);
        w.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32);
        return w;
    }

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void update_decreasesTheLoss(OptimizerKind kind) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Parameter w = weight(manager);
            Optimizer optimizer = new Optimizer(kind, 0, 0, 0, manager);
            float first = minimise(optimizer, manager, w, 1, 0.05f);
            float last = minimise(optimizer, manager, w, 60, 0.05f);
            assertEquals(144f, first, 1e-3f);
            assertTrue(last < first / 4, kind + ": " + first + " -> " + last);
        }
    }

    @Test
    void saveAndLoadState_continueIdentically() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Parameter a = weight(manager);
            Optimizer first = new Optimizer(OptimizerKind.ADAMW, 0.01f, 0, 0, manager);
            minimise(first, manager, a, 5, 0.1f);
            Map<String, dev.graft.zoo.weights.TensorData> state = first.saveState();
            float[] weightsAt5 = a.getArray().toFloatArray();
            float continued = minimise(first, manager, a, 5, 0.1f);

            Parameter b = weight(manager);
            b.getArray().set(java.nio.FloatBuffer.wrap(weightsAt5));
            Optimizer restored = new Optimizer(OptimizerKind.ADAMW, 0.01f, 0, 0, manager);
            restored.loadState(state);
            assertEquals(continued, minimise(restored, manager, b, 5, 0.1f));
        }
    }

    @Test
    void maxNorm_capsEachUnitsWeightNorm() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Parameter w = weight(manager);
            minimise(new Optimizer(OptimizerKind.SGD, 0, 0, 1f, manager), manager, w, 20, 0.1f);
            float[] values = w.getArray().toFloatArray();
            for (int row = 0; row < 4; row++) {
                double norm = 0;
                for (int c = 0; c < 4; c++) {
                    norm += values[row * 4 + c] * values[row * 4 + c];
                }
                assertTrue(Math.sqrt(norm) <= 1.0001, "row " + row + " norm " + Math.sqrt(norm));
            }
        }
    }
}
