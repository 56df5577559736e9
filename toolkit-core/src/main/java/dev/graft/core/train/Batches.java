package dev.graft.core.train;

import ai.djl.engine.Engine;
import java.util.Random;

/** An epoch's shuffled batches and how many steps it has; the order depends only on the seed and the epoch. */
final class Batches {

    private Batches() {}

    /**
     * Splits a shuffled epoch into batches; the order depends only on the seed and the epoch.
     *
     * @param options the options (seed, batch size)
     * @param n the number of training images
     * @param stepsPerEpoch the number of batches
     * @param epoch the epoch
     * @return the image indices of each batch
     */
    static int[][] of(TrainingOptions options, int n, int stepsPerEpoch, int epoch) {
        Engine.getEngine("PyTorch").setRandomSeed((int) (options.seed() * 31 + epoch));
        int[] order = shuffled(n, new Random(options.seed() * 1_000_003L + epoch));
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
