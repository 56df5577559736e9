package dev.graft.datasets.augment;

import java.util.Random;

/**
 * One augmentation: takes a square CHW image with values in [0, 1] and returns a new one of the
 * same size and range. Implementations draw every random choice from the given generator.
 */
public interface AugmentOp {

    /** @return the operation's name in a spec, e.g. {@code hflip} */
    String name();

    /**
     * Applies the operation.
     *
     * @param chw the image, {@code 3 × side × side} values in [0, 1]; not modified
     * @param side the image side
     * @param random the image's generator
     * @return the augmented image
     */
    float[] apply(float[] chw, int side, Random random);
}
