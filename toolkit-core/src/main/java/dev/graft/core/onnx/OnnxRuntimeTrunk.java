package dev.graft.core.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.onnxruntime.OrtException;
import dev.graft.zoo.weights.WeightImportException;

/**
 * A trunk that runs an ONNX feature extractor in ONNX Runtime: images in, {@code [N, C]} features
 * out. It has no parameters and no gradient, so it is always frozen; Graft computes its features
 * once and trains the head on them.
 */
final class OnnxRuntimeTrunk extends AbstractBlock {

    private final FloatSession session;
    private final int width;

    OnnxRuntimeTrunk(byte[] featureModel, int side, String origin) throws WeightImportException, OrtException {
        this.session = new FloatSession(featureModel, FeatureGraph.OUTPUT, origin);
        this.width = session.run(new float[3 * side * side], 1, side).length;
    }

    /** @return the feature width */
    int width() {
        return width;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray images = inputs.singletonOrThrow();
        Shape shape = images.getShape();
        try {
            float[] features = session.run(images.toFloatArray(), (int) shape.get(0), (int) shape.get(3));
            return new NDList(images.getManager().create(features, new Shape(shape.get(0), width)));
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch: " + e.getMessage(), e);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), width)};
    }
}
