package dev.graft.zoo.keras;

/**
 * One weight tensor of a Keras layer, float32, in Keras's own layout (e.g. HWIO kernels).
 *
 * @param name the short name, e.g. {@code kernel}, {@code bias}, {@code gamma}, {@code
 *     moving_mean}, {@code depthwise_kernel} (no layer prefix, no {@code :0})
 * @param path the full name in the file, for messages
 * @param shape the tensor's shape
 * @param values the values in C order
 */
public record KerasWeight(String name, String path, long[] shape, float[] values) { }
