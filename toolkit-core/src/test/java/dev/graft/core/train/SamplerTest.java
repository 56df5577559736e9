package dev.graft.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The balanced sampler's class frequencies and determinism; the random sampler's permutations. */
class SamplerTest {

    /** 100 images of class 0, 900 of class 1 (1:9), interleaved. */
    private static final int[] LABELS = IntStream.range(0, 1000).map(i -> i % 10 == 0 ? 0 : 1).toArray();

    private static TrainingOptions options(Sampler sampler, long seed) {
        return TrainingOptions.builder().optBatchSize(32).optSeed(seed).optSampler(sampler).build();
    }

    private static int[] flat(int[][] batches) {
        return Arrays.stream(batches).flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void balancedSampler_onA1To9Split_drawsEachClassAboutHalfTheTime_withAsManyStepsAsShuffling() {
        TrainingOptions balanced = options(Sampler.BALANCED, 42);
        int steps = Batches.stepsPerEpoch(balanced, LABELS.length);
        assertEquals(Batches.stepsPerEpoch(options(Sampler.RANDOM, 42), LABELS.length), steps);
        int rare = 0;
        int draws = 0;
        for (int epoch = 1; epoch <= 10; epoch++) {
            int[] order = flat(Batches.of(balanced, LABELS.length, LABELS, steps, epoch));
            assertEquals(LABELS.length, order.length, "one draw per image per epoch");
            rare += (int) Arrays.stream(order).filter(i -> LABELS[i] == 0).count();
            draws += order.length;
        }
        double share = rare / (double) draws;
        assertEquals(0.5, share, 0.02, "share of the rare class (0.1 when shuffling)");
        int[] firstEpoch = flat(Batches.of(balanced, LABELS.length, LABELS, steps, 1));
        long distinctRare = Arrays.stream(firstEpoch).filter(i -> LABELS[i] == 0).distinct().count();
        assertEquals(100, distinctRare, 5, "the ~500 draws of the rare class cover its 100 images");
    }

    @Test
    void balancedSampler_dependsOnlyOnSeedAndEpoch() {
        int steps = Batches.stepsPerEpoch(options(Sampler.BALANCED, 1), LABELS.length);
        int[] a = flat(Batches.of(options(Sampler.BALANCED, 1), LABELS.length, LABELS, steps, 3));
        assertArrayEquals(a, flat(Batches.of(options(Sampler.BALANCED, 1), LABELS.length, LABELS, steps, 3)), "same seed and epoch");
        assertFalse(Arrays.equals(a, flat(Batches.of(options(Sampler.BALANCED, 1), LABELS.length, LABELS, steps, 4))), "next epoch");
        assertFalse(Arrays.equals(a, flat(Batches.of(options(Sampler.BALANCED, 2), LABELS.length, LABELS, steps, 3))), "other seed");
    }

    @Test
    void randomSampler_drawsEveryImageOnce_withOrWithoutLabels() {
        int steps = Batches.stepsPerEpoch(options(Sampler.RANDOM, 5), LABELS.length);
        int[] order = flat(Batches.of(options(Sampler.RANDOM, 5), LABELS.length, null, steps, 2));
        assertArrayEquals(order, flat(Batches.of(options(Sampler.RANDOM, 5), LABELS.length, LABELS, steps, 2)));
        assertArrayEquals(IntStream.range(0, LABELS.length).toArray(), Arrays.stream(order).sorted().toArray());
    }
}
