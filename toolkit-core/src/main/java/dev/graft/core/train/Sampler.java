package dev.graft.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** How an epoch draws its training images. */
public enum Sampler {
    /** Every image once, in a shuffled order. */
    RANDOM,
    /**
     * As many draws as images, with replacement, every class equally likely: an image's chance is
     * proportional to 1 / (images of its class), so a rare class is seen as often as a common one.
     */
    BALANCED;

    /**
     * Draws an epoch's images so every class present is equally likely: a class uniformly, then
     * one of its images uniformly (the same as weighting each image by 1 / its class's count).
     *
     * @param labels the class of each image
     * @param random the epoch's generator
     * @return {@code labels.length} image indices, with repeats
     */
    static int[] balanced(int[] labels, Random random) {
        int classes = 0;
        for (int label : labels) {
            classes = Math.max(classes, label + 1);
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i]).add(i);
        }
        int[][] members = byClass.stream().filter(m -> !m.isEmpty()).map(m -> m.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
        int[] order = new int[labels.length];
        for (int d = 0; d < order.length; d++) {
            int[] pool = members[random.nextInt(members.length)];
            order[d] = pool[random.nextInt(pool.length)];
        }
        return order;
    }
}
