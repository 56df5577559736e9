package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.zoo.weights.StateDict;
import dev.graft.zoo.weights.TensorData;
import dev.graft.zoo.weights.WeightFiles;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shared efficientnet_b0 parity weights, the same float32 weights rounded once to float16
 * ({@code F16}) and once to bfloat16 ({@code BF16}), decode to two different sets of float32
 * values, each exactly of its format: a reader that read BF16 as F16 (or the reverse) would fail.
 */
class HalfPrecisionFilesTest {

    @Test
    void efficientnetB0_F16AndBF16Files_decodeToDifferentValuesEachExactInItsFormat() throws Exception {
        StateDict f16 = WeightFiles.read(SharedAssets.require("parity/efficientnet_b0/weights.safetensors"));
        StateDict bf16 = WeightFiles.read(SharedAssets.require("parity/efficientnet_b0/weights_bf16.safetensors"));
        assertEquals(f16.tensors().keySet(), bf16.tensors().keySet());
        assertEquals(360, f16.tensors().size());
        long values = 0;
        long differing = 0;
        long subnormals = 0;
        double largestGap = 0;
        for (Map.Entry<String, TensorData> e : f16.tensors().entrySet()) {
            if (e.getKey().endsWith("num_batches_tracked")) {
                continue;
            }
            float[] a = e.getValue().values();
            float[] b = bf16.tensors().get(e.getKey()).values();
            assertArrayEquals(e.getValue().shape(), bf16.tensors().get(e.getKey()).shape(), e.getKey());
            for (int i = 0; i < a.length; i++) {
                int bits = Float.floatToRawIntBits(a[i]);
                assertEquals(0, Float.floatToRawIntBits(b[i]) & 0xFFFF, e.getKey() + ": a bfloat16 is the upper half of its float32");
                assertTrue(isFloat16(a[i]), e.getKey() + "[" + i + "] = " + a[i] + " is not a float16 value");
                subnormals += a[i] != 0 && Math.abs(a[i]) < 0x1p-14f ? 1 : 0;
                differing += bits != Float.floatToRawIntBits(b[i]) ? 1 : 0;
                largestGap = Math.max(largestGap, Math.abs(a[i] - b[i]));
                values++;
            }
        }
        System.out.printf("%d values, %d differ (%.1f %%), %d float16 subnormals, largest difference %.3g%n",
                values, differing, 100.0 * differing / values, subnormals, largestGap);
        assertEquals(6648, subnormals, "ZOO_PARITY.md counts 6,648 float16 subnormals in this file");
        assertTrue(differing > values / 2, differing + " of " + values + " differ");
    }

    /** Whether a float32 is exactly a float16: in range, and no bits below float16's precision. */
    private static boolean isFloat16(float v) {
        float a = Math.abs(v);
        if (a == 0 || Float.isInfinite(a)) {
            return true;
        }
        if (a > 65504f) {
            return false;
        }
        if (a < 0x1p-14f) {
            float units = a / 0x1p-24f;
            return units == Math.rint(units);
        }
        return (Float.floatToRawIntBits(a) & 0x1FFF) == 0;
    }
}
