package dev.graft.datasets.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A NumPy array read from a {@code .npy} file or an {@code .npz} entry: its dtype, shape and raw
 * little-endian bytes, with conversions to Java arrays.
 *
 * @param dtype the NumPy dtype string without byte order, e.g. {@code f4}, {@code u1}, {@code i8}
 * @param shape the shape (C order)
 * @param data the element bytes, little-endian
 */
public record NpyArray(String dtype, long[] shape, ByteBuffer data) {

    /** Checks the shape and byte count agree. */
    public NpyArray {
        shape = shape.clone();
        data = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long expected = Math.multiplyExact(checkedCount(shape), itemSize(dtype));
        if (data.remaining() != expected) {
            throw new IllegalArgumentException(
                    "array of dtype "
                            + dtype
                            + " and shape "
                            + Arrays.toString(shape)
                            + " needs "
                            + expected
                            + " bytes, found "
                            + data.remaining());
        }
    }

    /**
     * Returns the number of elements of a shape, refusing negative dimensions and overflow.
     *
     * @param shape the shape
     * @return the product of its dimensions
     * @throws IllegalArgumentException if a dimension is negative
     * @throws ArithmeticException if the product overflows
     */
    public static long checkedCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /**
     * Returns the number of elements of a shape.
     *
     * @param shape the shape
     * @return the product of its dimensions
     */
    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /**
     * Returns the size in bytes of one element.
     *
     * @param dtype a dtype such as {@code f4}
     * @return bytes per element
     */
    public static int itemSize(String dtype) {
        return switch (dtype) {
            case "u1", "i1", "b1" -> 1;
            case "u2", "i2", "f2" -> 2;
            case "u4", "i4", "f4" -> 4;
            case "u8", "i8", "f8" -> 8;
            default -> throw new IllegalArgumentException(
                    "unsupported NumPy dtype '" + dtype + "' (supported: u1 i1 b1 i2 u2 i4 u4 i8 u8 f4 f8)");
        };
    }

    /** @return the number of elements */
    public long size() {
        return elementCount(shape);
    }

    /** @return a copy of the shape */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * Returns element {@code i} (flat C order) as a double.
     *
     * @param i the flat index
     * @return the value
     */
    public double get(long i) {
        int at = Math.toIntExact(i * itemSize(dtype));
        return switch (dtype) {
            case "u1", "b1" -> data.get(at) & 0xFF;
            case "i1" -> data.get(at);
            case "i2" -> data.getShort(at);
            case "u2" -> data.getShort(at) & 0xFFFF;
            case "i4" -> data.getInt(at);
            case "u4" -> data.getInt(at) & 0xFFFFFFFFL;
            case "i8", "u8" -> data.getLong(at);
            case "f4" -> data.getFloat(at);
            case "f8" -> data.getDouble(at);
            default -> throw new IllegalStateException(dtype);
        };
    }

    /** @return all elements as floats (flat C order) */
    public float[] toFloats() {
        int n = Math.toIntExact(size());
        float[] out = new float[n];
        if ("f4".equals(dtype)) {
            data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }
        for (int i = 0; i < n; i++) {
            out[i] = (float) get(i);
        }
        return out;
    }
}
