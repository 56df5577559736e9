package dev.graft.zoo.keras;

import ai.djl.ndarray.types.Shape;

/**
 * A tensor of the Keras model being written: the layer that makes it, its shape as Graft sees it
 * (NCHW for images, {@code [N, C]} for vectors; the Keras tensor is the NHWC equivalent), and
 * whether every value is known to be ≥ 0 (after a ReLU), which lets a zero padding stand in for
 * PyTorch's −∞ padding in a max pool.
 *
 * @param layer the Keras layer whose output it is
 * @param shape its shape in Graft's layout
 * @param nonNegative whether every value is ≥ 0
 */
public record KerasTensor(String layer, Shape shape, boolean nonNegative) {}
