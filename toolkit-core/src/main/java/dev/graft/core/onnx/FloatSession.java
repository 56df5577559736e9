package dev.graft.core.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.graft.zoo.onnx.OnnxModelCheck;
import dev.graft.zoo.weights.WeightImportException;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * An ONNX Runtime session fed float {@code [N, 3, side, side]} batches that returns one named
 * float output, flattened. ONNX Runtime sessions accept concurrent calls, so this is thread-safe.
 * Every model passes {@link OnnxModelCheck} before ONNX Runtime sees it, because ONNX Runtime
 * crashes the JVM on some hostile attributes instead of raising an error.
 */
public final class FloatSession implements AutoCloseable {

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String input;
    private final String output;

    /**
     * Checks and loads a model.
     *
     * @param model the serialised ONNX model
     * @param output the output to return
     * @param origin where the model comes from, for messages
     * @throws WeightImportException if the model fails {@link OnnxModelCheck} (ONNX Runtime never sees it)
     * @throws OrtException if ONNX Runtime cannot load it
     */
    public FloatSession(byte[] model, String output, String origin) throws WeightImportException, OrtException {
        byte[] checked = OnnxModelCheck.parse(model, origin).toByteArray();
        this.session = environment.createSession(checked, new OrtSession.SessionOptions());
        this.input = session.getInputNames().iterator().next();
        this.output = output;
    }

    /**
     * Runs a batch.
     *
     * @param pixels {@code count} CHW images, one after another
     * @param count how many images
     * @param side their side
     * @return the output's values
     * @throws OrtException if the run fails
     */
    public float[] run(float[] pixels, int count, int side) throws OrtException {
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(pixels), new long[] {count, 3, side, side});
                OrtSession.Result result = session.run(Map.of(input, tensor))) {
            FloatBuffer values = ((OnnxTensor) result.get(output).orElseThrow()).getFloatBuffer();
            float[] flat = new float[values.remaining()];
            values.get(flat);
            return flat;
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
