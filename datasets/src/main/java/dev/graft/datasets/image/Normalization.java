package dev.graft.datasets.image;

import java.util.Arrays;

/**
 * Per-channel mean and standard deviation used to normalise inputs: either a backbone's ImageNet
 * statistics or statistics measured on training images only (never validation or test).
 *
 * @param mean the RGB means of [0, 1] pixels
 * @param std the RGB standard deviations
 */
public record Normalization(float[] mean, float[] std) {

    /** The ImageNet statistics torchvision models were trained with. */
    public static final Normalization IMAGENET =
            new Normalization(
                    new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    /** Validates the fields: three channels, positive deviations. */
    public Normalization {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (R, G, B)");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be positive, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * Normalises CHW values in place.
     *
     * @param chw values from {@link ImageTensors#toChw}
     * @return the same array, normalised
     */
    public float[] apply(float[] chw) {
        int plane = chw.length / 3;
        for (int c = 0; c < 3; c++) {
            float m = mean[c];
            float inv = 1f / std[c];
            for (int i = c * plane, end = i + plane; i < end; i++) {
                chw[i] = (chw[i] - m) * inv;
            }
        }
        return chw;
    }

    /** Accumulates channel statistics over training images, one CHW array at a time. */
    public static final class Accumulator {
        private final double[] sum = new double[3];
        private final double[] sumSquares = new double[3];
        private long count;

        /**
         * Adds one image.
         *
         * @param chw CHW values in [0, 1]
         */
        public void add(float[] chw) {
            int plane = chw.length / 3;
            for (int c = 0; c < 3; c++) {
                double s = 0;
                double sq = 0;
                for (int i = c * plane, end = i + plane; i < end; i++) {
                    s += chw[i];
                    sq += (double) chw[i] * chw[i];
                }
                sum[c] += s;
                sumSquares[c] += sq;
            }
            count += plane;
        }

        /**
         * Returns the statistics so far.
         *
         * @return the mean and (population) standard deviation, floored at 1e-3
         */
        public Normalization result() {
            if (count == 0) {
                throw new IllegalStateException("no training images were added");
            }
            float[] mean = new float[3];
            float[] std = new float[3];
            for (int c = 0; c < 3; c++) {
                double m = sum[c] / count;
                double var = Math.max(0, sumSquares[c] / count - m * m);
                mean[c] = (float) m;
                std[c] = (float) Math.max(1e-3, Math.sqrt(var));
            }
            return new Normalization(mean, std);
        }
    }
}
