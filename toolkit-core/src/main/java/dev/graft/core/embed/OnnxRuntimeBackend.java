package dev.graft.core.embed;

import ai.onnxruntime.OrtException;
import dev.graft.core.onnx.FloatSession;
import dev.graft.zoo.weights.WeightImportException;

/** Embeds on ONNX Runtime, from a model Graft exported; concurrent callers run in parallel. */
final class OnnxRuntimeBackend implements EmbeddingBackend {

    private final FloatSession session;

    OnnxRuntimeBackend(byte[] onnx, String output) throws WeightImportException, OrtException {
        this.session = new FloatSession(onnx, output, "the embedding network");
    }

    @Override
    public float[] run(float[] batch, int count, int side) {
        try {
            return session.run(batch, count, side);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to embed a batch: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
