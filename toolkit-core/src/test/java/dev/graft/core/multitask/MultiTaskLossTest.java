package dev.graft.core.multitask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultiTaskLossTest {

    @Test
    void maskedLabels_contributeZeroGradient_andTheLossAveragesOverLabelledExamplesOnly() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray main = m.randomNormal(new Shape(4, 3));
            NDArray aux = m.randomNormal(new Shape(4, 2));
            main.setRequiresGradient(true);
            aux.setRequiresGradient(true);
            int[] mainLabels = {0, 2, 1, 1};
            int[] auxLabels = {1, -1, 0, -1};
            float total;
            try (GradientCollector c = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray loss = MultiTaskLoss.weighted(List.of(MultiTaskLoss.maskedCrossEntropy(main, mainLabels, m),
                        MultiTaskLoss.maskedCrossEntropy(aux, auxLabels, m)), new double[] {1, 0.5});
                total = loss.getFloat();
                c.backward(loss);
            }
            float[] g = aux.getGradient().toFloatArray();
            for (int i : new int[] {1, 3}) {
                assertEquals(0f, g[i * 2], "example " + i + " has no auxiliary label");
                assertEquals(0f, g[i * 2 + 1]);
            }
            assertTrue(Math.abs(g[0]) > 1e-4 && Math.abs(g[4]) > 1e-4, "labelled examples do get gradient");
            float[] p = aux.logSoftmax(1).toFloatArray();
            double auxLoss = -(p[1] + p[4]) / 2;
            float[] q = main.logSoftmax(1).toFloatArray();
            double mainLoss = -(q[0] + q[5] + q[7] + q[10]) / 4;
            assertEquals(mainLoss + 0.5 * auxLoss, total, 1e-5, "each task averages over its own labelled examples");
            int[] none = {-1, -1, -1, -1};
            assertEquals(0f, MultiTaskLoss.maskedCrossEntropy(aux, none, m).getFloat(), "a batch without labels costs nothing");
        }
    }

    @Test
    void maskedSquaredError_ignoresMissingValues_andAveragesTheRest() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray predicted = m.create(new float[] {1f, 2f, 3f, 4f}, new Shape(4, 1));
            predicted.setRequiresGradient(true);
            float[] targets = {0f, Float.NaN, 5f, Float.NaN};
            float loss;
            try (GradientCollector c = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray l = MultiTaskLoss.maskedSquaredError(predicted, targets, m);
                loss = l.getFloat();
                c.backward(l);
            }
            assertEquals((1 * 1 + 2 * 2) / 2.0, loss, 1e-6, "mean of (1-0)² and (3-5)² over the two values present");
            assertArrayEquals(new float[] {1f, 0f, -2f, 0f}, predicted.getGradient().toFloatArray(), 1e-6f,
                    "d/dŷ = 2(ŷ − y)/n where present, 0 where missing");
            assertEquals(0f, MultiTaskLoss.maskedSquaredError(predicted, new float[] {Float.NaN, Float.NaN, Float.NaN, Float.NaN}, m)
                    .getFloat());
        }
    }

    @Test
    void uncertaintyWeights_settleWhereExpOfMinusSTimesLossIsAHalf() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray losses = m.create(new float[] {0.8f, 2.0f});
            NDArray s = m.create(new float[] {(float) Math.log(1.6), 0f});
            s.setRequiresGradient(true);
            try (GradientCollector c = Engine.getEngine("PyTorch").newGradientCollector()) {
                c.backward(MultiTaskLoss.uncertaintyWeighted(List.of(losses.get(0), losses.get(1)), s));
            }
            float[] g = s.getGradient().toFloatArray();
            assertEquals(0f, g[0], 1e-6, "d/ds (e^-s·L + s/2) = 0 at s = log 2L");
            assertEquals(-2.0 + 0.5, g[1], 1e-6, "and pushes s up where the loss is large");
        }
    }

    @Test
    void softSharingPenalty_isZeroForIdenticalTrunks_andGrowsWithTheirDistance() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray base = m.randomNormal(new Shape(8, 4));
            double previous = -1;
            for (float step : new float[] {0f, 0.1f, 0.2f, 0.4f}) {
                Map<String, Parameter> a = trunk("w", base);
                Map<String, Parameter> b = trunk("w", base.add(step));
                double penalty = SoftSharing.penalty(List.of(a, b), 0.5, m).getFloat();
                if (step == 0) {
                    assertEquals(0.0, penalty, "identical trunks");
                } else {
                    assertEquals(0.5 * 32 * step * step, penalty, 1e-4, "λ·‖Δ‖² with Δ = " + step + " everywhere");
                    assertTrue(penalty > previous);
                }
                previous = penalty;
            }
            assertThrows(IllegalArgumentException.class, () -> SoftSharing.penalty(List.of(trunk("w", base), trunk("v", base)), 1, m));
        }
    }

    private static Map<String, Parameter> trunk(String name, NDArray value) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        p.setArray(value);
        Map<String, Parameter> map = new LinkedHashMap<>();
        map.put(name, p);
        return map;
    }

    @Test
    void taskSpecs_checkTheirValues() {
        assertEquals("diagnosis", new TaskSpec("diagnosis", null, "binary", "main", 1).column());
        assertTrue(new TaskSpec("d", "label", "multiclass", "main", 1).main());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TaskSpec("age", "age", "ordinal", "main", 1));
        assertTrue(e.getMessage().contains("'age'") && e.getMessage().contains("ordinal"), e.getMessage());
        assertTrue(new TaskSpec("age", "age", "regression", "auxiliary", 1).regression());
        e = assertThrows(IllegalArgumentException.class, () -> new TaskSpec("age", "age", "regression", "main", 1));
        assertTrue(e.getMessage().contains("main task must be a classification task"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new TaskSpec("age", "age", "regression", "auxiliary", 1, -1, java.util.Map.of(), "accuracy"));
        assertTrue(e.getMessage().contains("[loss, mae, r2, rmse]"), e.getMessage());
    }
}
