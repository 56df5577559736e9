package dev.graft.core.train;

import ai.djl.engine.Engine;
import java.util.Random;

/**
 * An epoch's batches (shuffled, or class-balanced draws, see {@link Sampler}) and how many steps it
 * has; the order depends only on the seed and the epoch.
 */
final class Batches {

    private Batches() {}

    /**
     * Splits an epoch's draws into batches: every image once, shuffled, or with the balanced
     * sampler as many class-balanced draws with replacement; the order depends only on the seed
     * and the epoch.
     *
     * @param options the options (seed, batch size, sampler)
     * @param n the number of training images
     * @param labels their classes, needed by the balanced sampler ({@code null} otherwise)
     * @param stepsPerEpoch the number of batches
     * @param epoch the epoch
     * @return the image indices of each batch
     */
    static int[][] of(TrainingOptions options, int n, int[] labels, int stepsPerEpoch, int epoch) {
        Engine.getEngine("PyTorch").setRandomSeed((int) (options.seed() * 31 + epoch));
        Random random = new Random(options.seed() * 1_000_003L + epoch);
        if (options.sampler() == Sampler.BALANCED && labels == null) {
            throw new IllegalStateException("the balanced sampler needs the training labels");
        }
        int[] order = options.sampler() == Sampler.BALANCED ? Sampler.balanced(labels, random) : shuffled(n, random);
        int[][] batches = new int[stepsPerEpoch][];
        for (int s = 0; s < stepsPerEpoch; s++) {
            batches[s] = java.util.Arrays.copyOfRange(order, s * options.batchSize(), Math.min(n, (s + 1) * options.batchSize()));
        }
        return batches;
    }

    /**
     * Counts the steps of an epoch: full batches, plus the remainder when it holds at least two
     * images (BatchNorm needs two).
     *
     * @param options the options
     * @param n the number of training images
     * @return steps per epoch
     */
    static int stepsPerEpoch(TrainingOptions options, int n) {
        return Math.max(1, n / options.batchSize() + (n % options.batchSize() >= 2 ? 1 : 0));
    }

    private static int[] shuffled(int n, Random random) {
        int[] order = java.util.stream.IntStream.range(0, n).toArray();
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
