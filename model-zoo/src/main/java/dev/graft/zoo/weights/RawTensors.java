package dev.graft.zoo.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Converts raw little-endian tensor bytes of various dtypes to float32. */
public final class RawTensors {

    private RawTensors() {}

    /**
     * Converts bytes to floats.
     *
     * @param data the bytes, exactly one tensor's worth
     * @param dtype a safetensors-style dtype: F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL
     * @return the values
     */
    public static float[] toFloats(ByteBuffer data, String dtype) {
        int size = itemSize(dtype);
        if (data.remaining() % size != 0) {
            throw new IllegalArgumentException(data.remaining() + " bytes is not a whole number of " + dtype);
        }
        float[] out = new float[data.remaining() / size];
        toFloats(data, dtype, out, 0);
        return out;
    }

    /**
     * Converts bytes to floats into part of an array, so a large tensor can be converted a chunk
     * at a time into one array.
     *
     * @param data the bytes, a whole number of elements
     * @param dtype a safetensors-style dtype
     * @param out where the values go
     * @param at the index of the first value in {@code out}
     */
    static void toFloats(ByteBuffer data, String dtype, float[] out, int at) {
        ByteBuffer in = data.slice().order(ByteOrder.LITTLE_ENDIAN);
        int size = itemSize(dtype);
        int n = in.remaining() / size;
        switch (dtype) {
            case "F32" -> in.asFloatBuffer().get(out, at, n);
            case "F64" -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = (float) in.getDouble(i * 8);
                }
            }
            case "F16" -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = halfToFloat(in.getShort(i * 2));
                }
            }
            case "BF16" -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = Float.intBitsToFloat((in.getShort(i * 2) & 0xFFFF) << 16);
                }
            }
            case "I64" -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = in.getLong(i * 8);
                }
            }
            case "I32" -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = in.getInt(i * 4);
                }
            }
            case "I16" -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = in.getShort(i * 2);
                }
            }
            case "I8" -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = in.get(i);
                }
            }
            case "U8", "BOOL" -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = in.get(i) & 0xFF;
                }
            }
            default -> throw new IllegalArgumentException("unsupported dtype " + dtype);
        }
    }

    /** IEEE 754 half precision to float (Java 17 has no built-in conversion). */
    static float halfToFloat(short half) {
        int bits = half & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0) {
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /**
     * Returns bytes per element.
     *
     * @param dtype the dtype
     * @return the size
     */
    public static int itemSize(String dtype) {
        return switch (dtype) {
            case "F64", "I64" -> 8;
            case "F32", "I32" -> 4;
            case "F16", "BF16", "I16" -> 2;
            case "I8", "U8", "BOOL" -> 1;
            default -> throw new IllegalArgumentException(
                    "unsupported dtype " + dtype + " (supported: F32 F16 BF16 F64 I64 I32 I16 I8 U8 BOOL)");
        };
    }
}
