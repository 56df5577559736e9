package dev.graft.datasets.augment;

import java.util.Random;

/** Photometric operations: colour jitter, Gaussian noise and blur, grayscale, random erasing. */
final class Photometric {

    private Photometric() {}

    /**
     * Colour jitter as torchvision's: brightness, contrast and saturation factors in [1−x, 1+x],
     * hue rotated by up to {@code hue} of a turn (in YIQ space), applied in a random order.
     * @param brightness the brightness range @param contrast the contrast range
     * @param saturation the saturation range @param hue the hue range, at most 0.5
     */
    record Jitter(double brightness, double contrast, double saturation, double hue) implements AugmentOp {
        @Override public String name() { return "jitter"; }

        @Override
        public float[] apply(float[] chw, int side, Random random) {
            float[] out = chw.clone();
            int plane = side * side;
            int[] order = {0, 1, 2, 3};
            for (int i = 3; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int step : order) {
                switch (step) {
                    case 0 -> scale(out, Geometric.uniform(random, 1 - brightness, 1 + brightness), 0);
                    case 1 -> {
                        double mean = 0;
                        for (int i = 0; i < plane; i++) {
                            mean += gray(out, plane, i);
                        }
                        scale(out, Geometric.uniform(random, 1 - contrast, 1 + contrast), mean / plane);
                    }
                    case 2 -> {
                        double s = Geometric.uniform(random, 1 - saturation, 1 + saturation);
                        for (int i = 0; i < plane; i++) {
                            double g = gray(out, plane, i);
                            for (int c = 0; c < 3; c++) {
                                out[c * plane + i] = clamp(g + (out[c * plane + i] - g) * s);
                            }
                        }
                    }
                    default -> rotateHue(out, plane, Geometric.uniform(random, -hue, hue) * 2 * Math.PI);
                }
            }
            return out;
        }

        private static void scale(float[] v, double factor, double around) {
            for (int i = 0; i < v.length; i++) {
                v[i] = clamp(around + (v[i] - around) * factor);
            }
        }

        private static void rotateHue(float[] v, int plane, double angle) {
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            for (int i = 0; i < plane; i++) {
                double r = v[i];
                double g = v[plane + i];
                double b = v[2 * plane + i];
                double y = 0.299 * r + 0.587 * g + 0.114 * b;
                double ci = 0.596 * r - 0.274 * g - 0.322 * b;
                double cq = 0.211 * r - 0.523 * g + 0.312 * b;
                double i2 = ci * cos - cq * sin;
                double q2 = ci * sin + cq * cos;
                v[i] = clamp(y + 0.956 * i2 + 0.621 * q2);
                v[plane + i] = clamp(y - 0.272 * i2 - 0.647 * q2);
                v[2 * plane + i] = clamp(y - 1.106 * i2 + 1.703 * q2);
            }
        }
    }

    /** Adds Gaussian noise of standard deviation {@code std}. @param std the noise level */
    record Noise(double std) implements AugmentOp {
        @Override public String name() { return "noise"; }

        @Override
        public float[] apply(float[] chw, int side, Random random) {
            float[] out = new float[chw.length];
            for (int i = 0; i < chw.length; i++) {
                out[i] = clamp(chw[i] + random.nextGaussian() * std);
            }
            return out;
        }
    }

    /** Gaussian blur with sigma uniform in [0.1, sigma] pixels. @param sigma the largest sigma */
    record Blur(double sigma) implements AugmentOp {
        @Override public String name() { return "blur"; }

        @Override
        public float[] apply(float[] chw, int side, Random random) {
            return blur(chw, side, Geometric.uniform(random, 0.1, sigma));
        }
    }

    /** Replaces colour by luminance in all three channels. */
    record Grayscale() implements AugmentOp {
        @Override public String name() { return "grayscale"; }

        @Override
        public float[] apply(float[] chw, int side, Random random) {
            int plane = side * side;
            float[] out = new float[chw.length];
            for (int i = 0; i < plane; i++) {
                float g = (float) gray(chw, plane, i);
                out[i] = g;
                out[plane + i] = g;
                out[2 * plane + i] = g;
            }
            return out;
        }
    }

    /**
     * Random erasing (Zhong et al.): a rectangle covering 2 % to {@code area} of the image, aspect
     * ratio in [0.3, 3.3], filled with uniform noise. @param area the largest share erased
     */
    record Erasing(double area) implements AugmentOp {
        @Override public String name() { return "erase"; }

        @Override
        public float[] apply(float[] chw, int side, Random random) {
            float[] out = chw.clone();
            double share = Geometric.uniform(random, 0.02, area);
            double ratio = Math.exp(Geometric.uniform(random, Math.log(0.3), Math.log(3.3)));
            int w = (int) Math.min(side, Math.round(Math.sqrt(share * ratio) * side));
            int h = (int) Math.min(side, Math.round(Math.sqrt(share / ratio) * side));
            int x0 = random.nextInt(side - w + 1);
            int y0 = random.nextInt(side - h + 1);
            int plane = side * side;
            for (int c = 0; c < 3; c++) {
                for (int y = y0; y < y0 + h; y++) {
                    for (int x = x0; x < x0 + w; x++) {
                        out[c * plane + y * side + x] = random.nextFloat();
                    }
                }
            }
            return out;
        }
    }

    static double gray(float[] v, int plane, int i) {
        return 0.299 * v[i] + 0.587 * v[plane + i] + 0.114 * v[2 * plane + i];
    }

    static float clamp(double v) {
        return (float) Math.min(1, Math.max(0, v));
    }

    /** Separable Gaussian blur of each of the three planes, edges clamped. */
    static float[] blur(float[] chw, int side, double sigma) {
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
        int plane = side * side;
        float[] tmp = new float[chw.length];
        float[] out = new float[chw.length];
        for (int c = 0; c < 3; c++) {
            int base = c * plane;
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    double v = 0;
                    for (int k = -radius; k <= radius; k++) {
                        v += kernel[k + radius] * chw[base + y * side + Math.min(side - 1, Math.max(0, x + k))];
                    }
                    tmp[base + y * side + x] = (float) v;
                }
            }
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    double v = 0;
                    for (int k = -radius; k <= radius; k++) {
                        v += kernel[k + radius] * tmp[base + Math.min(side - 1, Math.max(0, y + k)) * side + x];
                    }
                    out[base + y * side + x] = (float) v;
                }
            }
        }
        return out;
    }
}
