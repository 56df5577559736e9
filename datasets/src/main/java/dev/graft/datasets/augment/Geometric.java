package dev.graft.datasets.augment;

import java.util.Random;

/** Geometric operations: flips, rotation, affine, random resized crop, pad-and-crop, elastic. */
final class Geometric {

    private Geometric() {}

    /** Mirrors left-right. */
    record HorizontalFlip() implements AugmentOp {
        @Override public String name() { return "hflip"; }

        @Override
        public float[] apply(float[] chw, int side, Random random) {
            return Warp.resample(chw, side, (x, y, xy) -> { xy[0] = side - x; xy[1] = y; });
        }
    }

    /** Mirrors top-bottom. */
    record VerticalFlip() implements AugmentOp {
        @Override public String name() { return "vflip"; }

        @Override
        public float[] apply(float[] chw, int side, Random random) {
            return Warp.resample(chw, side, (x, y, xy) -> { xy[0] = x; xy[1] = side - y; });
        }
    }

    /** Rotates by a uniform angle in [−degrees, degrees]. @param degrees the largest angle */
    record Rotate(double degrees) implements AugmentOp {
        @Override public String name() { return "rotate"; }

        @Override
        public float[] apply(float[] chw, int side, Random random) {
            return Warp.resample(chw, side, Warp.affine(side, uniform(random, -degrees, degrees), 1, 0, 0, 0));
        }
    }

    /**
     * Random affine: scale in [1−s, 1+s], shear in [−shear, shear] degrees, shift up to a fraction
     * of the side. @param scale the scale range @param shear the shear range @param translate the shift fraction
     */
    record Affine(double scale, double shear, double translate) implements AugmentOp {
        @Override public String name() { return "affine"; }

        @Override
        public float[] apply(float[] chw, int side, Random random) {
            double s = uniform(random, 1 - scale, 1 + scale);
            double h = uniform(random, -shear, shear);
            double tx = uniform(random, -translate, translate) * side;
            double ty = uniform(random, -translate, translate) * side;
            return Warp.resample(chw, side, Warp.affine(side, 0, s, h, tx, ty));
        }
    }

    /**
     * Random resized crop (Inception-style): a region covering a share of the area in [min, max]
     * with aspect ratio in [3/4, 4/3] (log-uniform), resized back to the full side.
     * @param min the smallest area share @param max the largest area share
     */
    record ResizedCrop(double min, double max) implements AugmentOp {
        @Override public String name() { return "rrc"; }

        @Override
        public float[] apply(float[] chw, int side, Random random) {
            double area = uniform(random, min, max);
            double ratio = Math.exp(uniform(random, Math.log(3 / 4.0), Math.log(4 / 3.0)));
            double w = Math.min(1, Math.sqrt(area * ratio)) * side;
            double h = Math.min(1, Math.sqrt(area / ratio)) * side;
            double x0 = random.nextDouble() * (side - w);
            double y0 = random.nextDouble() * (side - h);
            return Warp.resample(chw, side, (x, y, xy) -> { xy[0] = x0 + x * w / side; xy[1] = y0 + y * h / side; });
        }
    }

    /** Pads by up to {@code pad} pixels of zeros and crops back at a random place (a random shift). @param pad the padding */
    record PadCrop(int pad) implements AugmentOp {
        @Override public String name() { return "pad"; }

        @Override
        public float[] apply(float[] chw, int side, Random random) {
            int dx = random.nextInt(2 * pad + 1) - pad;
            int dy = random.nextInt(2 * pad + 1) - pad;
            return Warp.resample(chw, side, (x, y, xy) -> { xy[0] = x + dx; xy[1] = y + dy; });
        }
    }

    /**
     * Elastic deformation (Simard et al.): random displacement fields smoothed by a Gaussian of
     * {@code sigma} pixels and scaled to about {@code alpha} pixels.
     * @param alpha the displacement scale @param sigma the smoothing
     */
    record Elastic(double alpha, double sigma) implements AugmentOp {
        @Override public String name() { return "elastic"; }

        @Override
        public float[] apply(float[] chw, int side, Random random) {
            float[] field = new float[3 * side * side];
            for (int i = 0; i < 2 * side * side; i++) {
                field[i] = (float) (random.nextDouble() * 2 - 1);
            }
            float[] smooth = Photometric.blur(field, side, sigma);
            double norm = 0;
            for (int i = 0; i < 2 * side * side; i++) {
                norm = Math.max(norm, Math.abs(smooth[i]));
            }
            double k = norm == 0 ? 0 : alpha / norm;
            int plane = side * side;
            return Warp.resample(chw, side, (x, y, xy) -> {
                int i = Math.min(side - 1, (int) y) * side + Math.min(side - 1, (int) x);
                xy[0] = x + k * smooth[i];
                xy[1] = y + k * smooth[plane + i];
            });
        }
    }

    static double uniform(Random random, double low, double high) {
        return low + random.nextDouble() * (high - low);
    }
}
