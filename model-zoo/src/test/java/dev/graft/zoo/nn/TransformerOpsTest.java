package dev.graft.zoo.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

/** The small operations ConvNeXt and the Vision Transformer add: exact GELU, position-embedding resampling. */
class TransformerOpsTest {

    /** erf by its Taylor series, exact to double rounding for |x| ≤ 4. */
    private static double erf(double x) {
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= -x * x / n;
            sum += term / (2 * n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    @Test
    void gelu_isTheErfForm_notTheTanhApproximation() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            float[] xs = new float[81];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = -4f + i * 0.1f;
            }
            float[] y = new Gelu().forward(new ParameterStore(manager, false), new NDList(manager.create(xs)), false)
                    .singletonOrThrow().toFloatArray();
            double worstExact = 0;
            double worstTanh = 0;
            for (int i = 0; i < xs.length; i++) {
                double x = xs[i];
                double exact = 0.5 * x * (1 + erf(x / Math.sqrt(2)));
                double tanh = 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
                worstExact = Math.max(worstExact, Math.abs(y[i] - exact));
                worstTanh = Math.max(worstTanh, Math.abs(tanh - exact));
            }
            assertTrue(worstExact < 1e-6, "GELU vs erf form: " + worstExact);
            assertTrue(worstTanh > 1e-4, "the test tells the two forms apart: " + worstTanh);
        }
    }

    @Test
    void resampling_isIdentityAtTheNativeGrid_andKeepsConstantsConstant() {
        float[] same = PositionEmbedding.resampling(5, 5);
        for (int r = 0; r < 25; r++) {
            for (int c = 0; c < 25; c++) {
                assertEquals(r == c ? 1f : 0f, same[r * 25 + c], 1e-7f, r + "," + c);
            }
        }
        float[] down = PositionEmbedding.resampling(14, 4);
        for (int r = 0; r < 16; r++) {
            double sum = 0;
            for (int c = 0; c < 196; c++) {
                sum += down[r * 196 + c];
            }
            assertEquals(1.0, sum, 1e-6, "row " + r + " of the 14→4 resampling sums to one");
        }
        assertThrows(IllegalArgumentException.class, () -> PositionEmbedding.gridOf(1 + 12));
    }

    @Test
    void positionEmbedding_atAnotherSize_addsTheResampledTable_andTrainsTheNativeOne() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            PositionEmbedding block = new PositionEmbedding(14, 8);
            block.initialize(manager, DataType.FLOAT32, new Shape(2, 197, 8));
            NDArray native14 = block.getParameters().get("pos_embedding").getArray();
            float[] table = native14.toFloatArray();
            try (NDManager step = manager.newSubManager(); GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray x = step.zeros(new Shape(2, 17, 8));
                NDArray y = block.forward(new ParameterStore(step, false), new NDList(x), true).singletonOrThrow();
                assertEquals(new Shape(2, 17, 8), y.getShape());
                float[] out = y.toFloatArray();
                for (int d = 0; d < 8; d++) {
                    assertEquals(table[d], out[d], 0f, "the class token's entry is kept");
                }
                // Corner patch (0, 0) of a 4×4 grid with align_corners is the native corner (0, 0).
                for (int d = 0; d < 8; d++) {
                    assertEquals(table[8 + d], out[8 + d], 1e-6f, "corner patch");
                }
                collector.backward(y.sum());
                NDArray grad = native14.getGradient();
                assertEquals(2f * 17, grad.sum().getFloat() / 8, 1e-3f, "every output position's weight reaches the native table");
            }
        }
    }
}
