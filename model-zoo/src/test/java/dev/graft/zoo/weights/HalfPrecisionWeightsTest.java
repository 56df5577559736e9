package dev.graft.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.graft.zoo.nn.Layers;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.nn.TorchNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Half-precision weights load into float32 parameters exactly: every one of the 65,536 float16
 * and bfloat16 bit patterns, from safetensors ({@code F16}, {@code BF16}) and from a PyTorch
 * archive ({@code HalfStorage}, {@code BFloat16Storage}), becomes the float32 with the same value
 * — subnormals not flushed, ±0 and ±inf kept, a bfloat16 the upper 16 bits of its float32.
 */
class HalfPrecisionWeightsTest {

    /** 256 × 256 = every 16-bit pattern once, as a Linear layer's weight. */
    private static final int SIDE = 256;

    /** All 16-bit patterns in order, little-endian. */
    private static byte[] everyPattern() {
        ByteBuffer b = ByteBuffer.allocate(2 * 65536).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 65536; i++) {
            b.putShort((short) i);
        }
        return b.array();
    }

    /**
     * The float32 a float16 pattern denotes, from the definition (computed in double, where every
     * float16 is exact, then rounded to float, where it is exact too); NaN for NaN patterns.
     */
    private static float float16Value(int bits) {
        int sign = bits >>> 15;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        double magnitude = exponent == 0x1F ? (mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                : exponent == 0 ? mantissa * Math.pow(2, -24) : (1024 + mantissa) * Math.pow(2, exponent - 25);
        return (float) (sign == 1 ? -magnitude : magnitude);
    }

    private static void assertFloat16(int bits, float actual) {
        float expected = float16Value(bits);
        if (Float.isNaN(expected)) {
            assertTrue(Float.isNaN(actual), "0x" + Integer.toHexString(bits) + " is NaN");
        } else {
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual), "float16 0x" + Integer.toHexString(bits));
        }
    }

    private static void assertBfloat16(int bits, float actual) {
        assertEquals(bits << 16, Float.floatToRawIntBits(actual), "bfloat16 0x" + Integer.toHexString(bits));
    }

    @Test
    void float16_knownPatterns_decodeToTheirFloat32Bits() {
        int[][] cases = {
            {0x0000, 0x00000000}, {0x8000, 0x80000000}, // ±0
            {0x0001, 0x33800000}, {0x8001, 0xB3800000}, // smallest subnormal ±2^-24
            {0x03FF, 0x387FC000}, // largest subnormal 1023 × 2^-24
            {0x0400, 0x38800000}, // smallest normal 2^-14
            {0x3C00, 0x3F800000}, {0xC000, 0xC0000000}, {0x3555, 0x3EAAA000}, // 1, -2, 0.333251953125
            {0x7BFF, 0x477FE000}, // 65504
            {0x7C00, 0x7F800000}, {0xFC00, 0xFF800000}, // ±inf
        };
        for (int[] c : cases) {
            assertEquals(c[1], Float.floatToRawIntBits(RawTensors.halfToFloat((short) c[0])), "0x" + Integer.toHexString(c[0]));
            assertEquals(c[1], Float.floatToRawIntBits(float16Value(c[0])), "the test's own definition, 0x" + Integer.toHexString(c[0]));
        }
        assertTrue(Float.isNaN(RawTensors.halfToFloat((short) 0x7E00)));
    }

    @Test
    void safetensors_F16AndBF16_everyPatternLoadsExactlyIntoFloat32Parameters(@TempDir Path dir) throws Exception {
        for (String dtype : new String[] {"F16", "BF16"}) {
            Path file = dir.resolve(dtype + ".safetensors");
            safetensors(file, dtype, everyPattern(), halfBias(dtype));
            assertEveryPatternLoads(WeightFiles.read(file), dtype.equals("BF16"));
        }
    }

    @Test
    void pytorchArchive_HalfAndBFloat16Storages_everyPatternLoadsExactlyIntoFloat32Parameters(@TempDir Path dir) throws Exception {
        for (String storage : new String[] {"HalfStorage", "BFloat16Storage"}) {
            long[] weightShape = {SIDE, SIDE};
            byte[] pickle = new PickleWriter().orderedDict()
                    .str("fc.weight").tensor(storage, "0", 65536, 0, weightShape, new long[] {SIDE, 1}).op('s')
                    .str("fc.bias").tensor(storage, "1", SIDE, 0, new long[] {SIDE}, new long[] {1}).op('s')
                    .stop();
            boolean bf16 = storage.startsWith("BFloat16");
            Path file = PickleWriter.archive(dir.resolve(storage + ".pth"), pickle,
                    Map.of("0", everyPattern(), "1", halfBias(bf16 ? "BF16" : "F16")));
            assertEveryPatternLoads(WeightFiles.read(file), bf16);
        }
    }

    /** Loads into a float32 Linear(256 → 256) and checks every weight's bits; the bias is 0.5 … 128 in steps. */
    private static void assertEveryPatternLoads(StateDict state, boolean bf16) throws WeightImportException {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NamedSequential net = new NamedSequential().add("fc", Layers.linear(SIDE));
            net.initialize(manager, DataType.FLOAT32, new Shape(1, SIDE));
            WeightLoader.load(net, state);
            assertEquals(DataType.FLOAT32, TorchNames.of(net).get("fc.weight").getArray().getDataType());
            float[] weight = TorchNames.of(net).get("fc.weight").getArray().toFloatArray();
            int subnormals = 0;
            for (int bits = 0; bits < 65536; bits++) {
                if (bf16) {
                    assertBfloat16(bits, weight[bits]);
                } else {
                    assertFloat16(bits, weight[bits]);
                    subnormals += (bits & 0x7C00) == 0 && (bits & 0x3FF) != 0 ? 1 : 0;
                }
            }
            assertEquals(bf16 ? 0 : 2 * 1023, subnormals, "every float16 subnormal pattern was checked");
            float[] bias = TorchNames.of(net).get("fc.bias").getArray().toFloatArray();
            for (int i = 0; i < SIDE; i++) {
                assertEquals(0.5f * (i + 1), bias[i]);
            }
        }
    }

    /** 0.5, 1.0, …, 128 (exact in both formats) as float16 or bfloat16 bytes. */
    private static byte[] halfBias(String dtype) {
        ByteBuffer b = ByteBuffer.allocate(2 * SIDE).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < SIDE; i++) {
            int floatBits = Float.floatToRawIntBits(0.5f * (i + 1));
            b.putShort((short) (dtype.equals("BF16") ? floatBits >>> 16 : toFloat16Exact(0.5f * (i + 1))));
        }
        return b.array();
    }

    /** A float16 pattern for a value it holds exactly (found by search over the test's own definition). */
    private static int toFloat16Exact(float value) {
        for (int bits = 0; bits < 0x7C00; bits++) {
            if (float16Value(bits) == value) {
                return bits;
            }
        }
        throw new IllegalArgumentException(value + " is not a float16");
    }

    /** A safetensors file with fc.weight [256, 256] and fc.bias [256] of one half dtype. */
    private static void safetensors(Path file, String dtype, byte[] weight, byte[] bias) throws IOException {
        String header = "{\"fc.bias\":{\"dtype\":\"" + dtype + "\",\"shape\":[" + SIDE + "],\"data_offsets\":[0," + bias.length + "]},"
                + "\"fc.weight\":{\"dtype\":\"" + dtype + "\",\"shape\":[" + SIDE + "," + SIDE + "],\"data_offsets\":["
                + bias.length + "," + (bias.length + weight.length) + "]}}";
        StringBuilder padded = new StringBuilder(header);
        while (padded.length() % 8 != 0) {
            padded.append(' ');
        }
        byte[] json = padded.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + bias.length + weight.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json).put(bias).put(weight);
        Files.write(file, out.array());
    }
}
