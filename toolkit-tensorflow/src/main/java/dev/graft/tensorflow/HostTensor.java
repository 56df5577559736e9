package dev.graft.tensorflow;

import java.util.Arrays;

/**
 * A float32 tensor in Java memory, C order, as it goes into or comes out of a SavedModel.
 *
 * @param shape its dimensions (empty for a scalar)
 * @param values its values
 */
public record HostTensor(long[] shape, float[] values) {

    /** Checks that the shape holds exactly the values. */
    public HostTensor {
        long size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (size != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size + " values, not " + values.length);
        }
    }

    /**
     * A scalar.
     *
     * @param value its value
     * @return the tensor
     */
    public static HostTensor scalar(float value) {
        return new HostTensor(new long[0], new float[] {value});
    }
}
