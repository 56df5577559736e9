package dev.graft.core.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * An ONNX Runtime session fed float {@code [N, 3, side, side]} batches that returns one named
 * float output, flattened. ONNX Runtime sessions accept concurrent calls, so this is thread-safe.
 */
public final class FloatSession implements AutoCloseable {

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String input;
    private final String output;

    /**
     * Loads a model.
     *
     * @param model the serialised ONNX model
     * @param output the output to return
     * @throws OrtException if ONNX Runtime cannot load it
     */
    public FloatSession(byte[] model, String output) throws OrtException {
        this.session = environment.createSession(model, new OrtSession.SessionOptions());
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
