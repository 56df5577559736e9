package dev.graft.zoo.keras;

import ai.djl.ndarray.types.Shape;

/**
 * A tensor of the Keras model being written: the layer that makes it, its shape as Graft sees it
 * (NCHW for images, {@code [N, C]} for vectors; the Keras tensor is the NHWC equivalent), whether
 * every value is known to be ≥ 0 (after a ReLU), which lets a zero padding stand in for PyTorch's
 * −∞ padding in a max pool, and, for a vector that a Keras {@code Flatten} made from a map, that
 * map's NCHW shape: Keras flattens in (h, w, c) order, Graft in (c, h, w), so the {@code Dense}
 * reading it takes its kernel rows permuted. A channels-last view is an imported ONNX
 * {@code Transpose} to NHWC (Keras's own flatten order, as Graft's Keras import writes before a
 * {@code Flatten}): the Keras tensor is unchanged, and only a flatten may read it.
 *
 * @param layer the Keras layer whose output it is
 * @param shape its shape in Graft's layout
 * @param nonNegative whether every value is ≥ 0
 * @param flattenedFrom the NCHW shape of the map it flattens, or {@code null}
 * @param channelsLast whether it is a channels-last view of the NCHW map {@code shape}
 */
public record KerasTensor(String layer, Shape shape, boolean nonNegative, Shape flattenedFrom, boolean channelsLast) {

    /**
     * A tensor that is not a flattened map.
     *
     * @param layer the Keras layer whose output it is
     * @param shape its shape in Graft's layout
     * @param nonNegative whether every value is ≥ 0
     */
    public KerasTensor(String layer, Shape shape, boolean nonNegative) {
        this(layer, shape, nonNegative, null, false);
    }
}
