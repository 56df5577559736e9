package dev.graft.datasets.augment;

import java.util.List;
import java.util.Random;

/**
 * RandAugment (Cubuk et al.): each image gets {@code n} operations drawn at random from a fixed
 * list, all at one magnitude {@code m} on a 0–30 scale.
 *
 * @param n operations per image
 * @param m the magnitude, 0–30
 */
record RandAugment(int n, int m) implements AugmentOp {

    RandAugment {
        if (n < 1 || m < 0 || m > 30) {
            throw new IllegalArgumentException("randaugment=N:M needs N >= 1 and 0 <= M <= 30, got " + n + ":" + m);
        }
    }

    /** The operations it draws from, at magnitude {@code m}. */
    List<AugmentOp> choices() {
        double t = m / 30.0;
        return List.of(new Geometric.Rotate(30 * t), new Geometric.Affine(0, 17 * t, 0), new Geometric.Affine(0, 0, 0.45 * t),
                new Photometric.Jitter(0.9 * t, 0, 0, 0), new Photometric.Jitter(0, 0.9 * t, 0, 0),
                new Photometric.Jitter(0, 0, 0.9 * t, 0), new Photometric.Blur(0.1 + 2 * t), new Photometric.Grayscale());
    }

    @Override
    public String name() {
        return "randaugment";
    }

    @Override
    public float[] apply(float[] chw, int side, Random random) {
        List<AugmentOp> choices = choices();
        float[] out = chw;
        for (int i = 0; i < n; i++) {
            out = choices.get(random.nextInt(choices.size())).apply(out, side, random);
        }
        return out;
    }
}
