package dev.graft.datasets.augment;

import java.util.Random;

/**
 * Batch-level mixing: mixup (Zhang et al.) blends whole images, cutmix (Yun et al.) pastes a box;
 * both pair each image with another of the batch and mix the one-hot targets by the same share.
 */
public final class BatchMix {

    private BatchMix() {}

    /**
     * How a batch was mixed.
     *
     * @param lambdas each image's share of its own content
     * @param partners the image each one was mixed with
     */
    public record Mixed(double[] lambdas, int[] partners) {}

    /**
     * Mixes a batch in place.
     *
     * @param images CHW images in [0, 1], one row per image
     * @param targets class distributions, one row per image
     * @param side the image side
     * @param alpha the Beta(alpha, alpha) parameter
     * @param cutmix {@code true} for cutmix, {@code false} for mixup
     * @param random the batch's generator
     * @return each image's share λ of its own content and its partner (the rest comes from there)
     */
    public static Mixed mix(float[][] images, float[][] targets, int side, double alpha, boolean cutmix, Random random) {
        int n = images.length;
        int[] partner = new int[n];
        for (int i = 0; i < n; i++) {
            partner[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = partner[i];
            partner[i] = partner[j];
            partner[j] = t;
        }
        float[][] sourceImages = images.clone();
        float[][] sourceTargets = targets.clone();
        for (int i = 0; i < n; i++) {
            sourceImages[i] = images[i].clone();
            sourceTargets[i] = targets[i].clone();
        }
        double[] lambdas = new double[n];
        for (int i = 0; i < n; i++) {
            double lambda = beta(alpha, random);
            float[] other = sourceImages[partner[i]];
            if (cutmix) {
                int w = (int) Math.round(side * Math.sqrt(1 - lambda));
                int h = w;
                int x0 = random.nextInt(side - w + 1);
                int y0 = random.nextInt(side - h + 1);
                int plane = side * side;
                for (int c = 0; c < 3; c++) {
                    for (int y = y0; y < y0 + h; y++) {
                        for (int x = x0; x < x0 + w; x++) {
                            images[i][c * plane + y * side + x] = other[c * plane + y * side + x];
                        }
                    }
                }
                lambda = 1 - (double) w * h / plane;
            } else {
                for (int k = 0; k < images[i].length; k++) {
                    images[i][k] = (float) (lambda * sourceImages[i][k] + (1 - lambda) * other[k]);
                }
            }
            for (int c = 0; c < targets[i].length; c++) {
                targets[i][c] = (float) (lambda * sourceTargets[i][c] + (1 - lambda) * sourceTargets[partner[i]][c]);
            }
            lambdas[i] = lambda;
        }
        return new Mixed(lambdas, partner);
    }

    /** Beta(a, a) from two Gamma(a) draws (Marsaglia–Tsang, with the a < 1 boost). */
    static double beta(double a, Random random) {
        double x = gamma(a, random);
        double y = gamma(a, random);
        return x + y == 0 ? 0.5 : x / (x + y);
    }

    private static double gamma(double a, Random random) {
        if (a < 1) {
            return gamma(a + 1, random) * Math.pow(random.nextDouble(), 1 / a);
        }
        double d = a - 1 / 3.0;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = Math.pow(1 + c * x, 3);
            if (v > 0 && Math.log(random.nextDouble()) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
