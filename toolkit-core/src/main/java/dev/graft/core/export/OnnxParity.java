package dev.graft.core.export;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import dev.graft.zoo.onnx.OnnxModelCheck;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Runs an ONNX file in ONNX Runtime (DJL's OnnxRuntime engine) and measures the largest absolute
 * difference from reference outputs. The file passes {@link OnnxModelCheck} first.
 */
public final class OnnxParity {

    private OnnxParity() {}

    /**
     * Runs the file on an input and compares every output with the reference.
     *
     * @param onnx the file
     * @param input the input, on the host
     * @param inputShape its shape
     * @param expected the reference outputs, in the file's output order
     * @return the largest absolute difference over all outputs
     * @throws IOException if ONNX Runtime cannot load or run the file
     */
    public static double maxAbsDifference(Path onnx, float[] input, long[] inputShape, float[][] expected) throws IOException {
        return maxAbsDifference(onnx, java.util.List.of(input), java.util.List.of(inputShape), expected);
    }

    /**
     * Runs the file on several inputs (in the file's input order) and compares every output with
     * the reference.
     *
     * @param onnx the file
     * @param inputs the inputs, on the host, in the file's input order
     * @param inputShapes their shapes
     * @param expected the reference outputs, in the file's output order
     * @return the largest absolute difference over all outputs
     * @throws IOException if ONNX Runtime cannot load or run the file
     */
    public static double maxAbsDifference(Path onnx, java.util.List<float[]> inputs, java.util.List<long[]> inputShapes,
            float[][] expected) throws IOException {
        try {
            OnnxModelCheck.read(onnx); // ONNX Runtime crashes on some bad attributes instead of failing
        } catch (WeightImportException e) {
            throw new IOException(e.getMessage(), e);
        }
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class).optModelPath(onnx)
                .optEngine("OnnxRuntime").build();
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
                Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager manager = NDManager.newBaseManager("OnnxRuntime")) {
            NDList feed = new NDList();
            for (int i = 0; i < inputs.size(); i++) {
                feed.add(manager.create(inputs.get(i), new ai.djl.ndarray.types.Shape(inputShapes.get(i))));
            }
            NDList outputs = predictor.predict(feed);
            if (outputs.size() != expected.length) {
                throw new IOException(onnx + " gave " + outputs.size() + " outputs, expected " + expected.length);
            }
            double worst = 0;
            for (int o = 0; o < expected.length; o++) {
                NDArray out = outputs.get(o);
                float[] actual = out.toFloatArray();
                if (actual.length != expected[o].length) {
                    throw new IOException(onnx + " output " + o + " has " + actual.length + " values, expected " + expected[o].length);
                }
                for (int i = 0; i < actual.length; i++) {
                    worst = Math.max(worst, Math.abs(actual[i] - expected[o][i]));
                }
            }
            return worst;
        } catch (ModelNotFoundException | MalformedModelException | TranslateException e) {
            throw new IOException("ONNX Runtime cannot run " + onnx + ": " + e.getMessage(), e);
        }
    }
}
