package dev.graft.datasets.augment;

import java.util.Random;

/**
 * Solarize, as torchvision's {@code RandomSolarize}: every value at or above a threshold is
 * inverted.
 *
 * @param threshold values at or above it become {@code 1 − x}
 */
record Solarize(double threshold) implements AugmentOp {

    @Override
    public String name() {
        return "solarize";
    }

    @Override
    public float[] apply(float[] chw, int side, Random random) {
        float[] out = chw.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] >= threshold) {
                out[i] = 1 - out[i];
            }
        }
        return out;
    }
}
