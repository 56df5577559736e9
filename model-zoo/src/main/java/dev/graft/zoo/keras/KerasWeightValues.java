package dev.graft.zoo.keras;

/**
 * One float32 weight a written Keras layer holds, already in Keras's layout (HWIO kernels, depthwise
 * {@code (kh, kw, in, multiplier)}, Dense {@code (in, out)}).
 *
 * @param name the weight's short Keras name, e.g. {@code kernel}, {@code moving_variance}
 * @param shape its Keras shape
 * @param values its values in row-major order of that shape
 */
public record KerasWeightValues(String name, long[] shape, float[] values) {

    /** Checks that the values fill the shape. */
    public KerasWeightValues {
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        if (size != values.length) {
            throw new IllegalArgumentException("weight " + name + " has " + values.length + " values for shape "
                    + java.util.Arrays.toString(shape));
        }
    }
}
