package dev.graft.tensorflow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A trunk that runs one output of a SavedModel signature on images: Graft's NCHW batches go in
 * as NHWC (TensorFlow's layout), the output comes back flattened to {@code [N, width]}. It has no
 * parameters and no gradient, so it is always frozen; Graft computes its features once and trains
 * the head on them.
 */
final class SavedModelTrunk extends AbstractBlock {

    private final SavedModelSession session;
    private final String signature;
    private final String input;
    private final String output;
    private final Map<String, Long> widths = new ConcurrentHashMap<>();

    SavedModelTrunk(SavedModelSession session, String signature, String input, String output) {
        this.session = session;
        this.signature = signature;
        this.input = input;
        this.output = output;
    }

    /**
     * Runs the output on NHWC images and flattens it per image.
     *
     * @param nhwc the pixels, NHWC
     * @param count how many images
     * @param height their height
     * @param width their width
     * @return {@code count} feature vectors, one after another
     * @throws IllegalStateException if the output does not have one row per image
     */
    float[] features(float[] nhwc, long count, long height, long width) {
        HostTensor result = session.run(signature, output, Map.of(input, new HostTensor(new long[] {count, height, width, 3}, nhwc)));
        if (result.shape().length == 0 || result.shape()[0] != count || result.values().length == 0) {
            throw new IllegalStateException(signature + "/" + output + " of " + session.folder() + " gave shape "
                    + Arrays.toString(result.shape()) + " for " + count + " images; a feature output must have one row per image.");
        }
        return result.values();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray images = inputs.singletonOrThrow();
        Shape shape = images.getShape();
        float[] features;
        try (NDArray nhwc = images.transpose(0, 2, 3, 1)) {
            features = features(nhwc.toFloatArray(), shape.get(0), shape.get(2), shape.get(3));
        }
        return new NDList(images.getManager().create(features, new Shape(shape.get(0), features.length / shape.get(0))));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape shape = inputShapes[0];
        long width = widths.computeIfAbsent(shape.get(2) + "x" + shape.get(3),
                side -> (long) features(new float[Math.toIntExact(shape.get(2) * shape.get(3) * 3)], 1, shape.get(2), shape.get(3)).length);
        return new Shape[] {new Shape(shape.get(0), width)};
    }
}
