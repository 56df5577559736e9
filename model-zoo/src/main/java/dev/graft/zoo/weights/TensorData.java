package dev.graft.zoo.weights;

import java.util.Arrays;

/**
 * One tensor read from a weight file, converted to float32.
 *
 * @param shape the shape
 * @param values the values in C order
 */
public record TensorData(long[] shape, float[] values) {

    /** Checks the value count matches the shape. */
    public TensorData {
        shape = shape.clone();
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension");
            }
            n = d == 0 || n <= Long.MAX_VALUE / d ? n * d : Long.MAX_VALUE;
        }
        if (n != values.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + values.length);
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * The transpose of a matrix (a Dense kernel {@code (in, out)} as a Linear weight {@code (out, in)}, say).
     *
     * @return the {@code [cols, rows]} tensor
     * @throws IllegalArgumentException if this is not a matrix
     */
    public TensorData transposed() {
        if (shape.length != 2) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is not a matrix to transpose");
        }
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = values[r * cols + c];
            }
        }
        return new TensorData(new long[] {cols, rows}, out);
    }

    /** @return the shape as text, e.g. {@code [64, 3, 7, 7]} */
    public String shapeText() {
        return Arrays.toString(shape);
    }
}
