package dev.graft.tensorflow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Writes a small CNN as a SavedModel with TensorFlow Java (test helper): {@code serving_default}
 * takes {@code image} {@code [-1, 16, 16, 3]} NHWC and gives {@code features} (3x3 convolution, SAME
 * padding, 4 filters, ReLU, mean over height and width: {@code [N, 4]}) and {@code logits}
 * ({@code features} times a {@code [4, 2]} matrix).
 */
final class TinyCnnSavedModel {

    /** The input side the signature fixes. */
    static final int SIDE = 16;

    /** Kernel, HWIO {@code [3, 3, 3, 4]}. */
    final float[] kernel = new float[3 * 3 * 3 * 4];

    /** Classifier, {@code [4, 2]}. */
    final float[] dense = new float[4 * 2];

    TinyCnnSavedModel(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = (float) random.nextGaussian() * 0.5f;
        }
        for (int i = 0; i < dense.length; i++) {
            dense[i] = (float) random.nextGaussian();
        }
    }

    /**
     * Exports the model (the TensorFlow engine must have started: {@link TensorFlowNatives#start()}).
     *
     * @param folder where to write it
     * @throws IOException if exporting fails
     */
    void export(Path folder) throws IOException {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> image = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, SIDE, SIDE, 3)));
            var conv = tf.nn.conv2d(image, tf.constant(Shape.of(3, 3, 3, 4), DataBuffers.of(kernel)), List.of(1L, 1L, 1L, 1L), "SAME");
            var features = tf.math.mean(tf.nn.relu(conv), tf.constant(new int[] {1, 2}));
            var logits = tf.linalg.matMul(features, tf.constant(Shape.of(4, 2), DataBuffers.of(dense)));
            Signature signature = Signature.builder().key("serving_default").input("image", image).output("features", features)
                    .output("logits", logits).build();
            SavedModelBundle.exporter(folder.toString()).withFunction(SessionFunction.create(signature, session)).export();
        }
    }

    /**
     * Computes {@code features} in plain Java from NCHW pixels.
     *
     * @param nchw the images, NCHW
     * @param count how many
     * @return {@code [count, 4]} features
     */
    float[] features(float[] nchw, int count) {
        float[] out = new float[count * 4];
        for (int n = 0; n < count; n++) {
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    for (int o = 0; o < 4; o++) {
                        double sum = 0;
                        for (int ky = 0; ky < 3; ky++) {
                            for (int kx = 0; kx < 3; kx++) {
                                int iy = y + ky - 1;
                                int ix = x + kx - 1;
                                if (iy < 0 || iy >= SIDE || ix < 0 || ix >= SIDE) {
                                    continue;
                                }
                                for (int c = 0; c < 3; c++) {
                                    sum += nchw[((n * 3 + c) * SIDE + iy) * SIDE + ix] * kernel[((ky * 3 + kx) * 3 + c) * 4 + o];
                                }
                            }
                        }
                        out[n * 4 + o] += (float) (Math.max(0, sum) / (SIDE * SIDE));
                    }
                }
            }
        }
        return out;
    }
}
