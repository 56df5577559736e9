package dev.graft.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.graft.core.data.CachedSplit;
import dev.graft.datasets.augment.AugmentPipeline;
import dev.graft.datasets.image.Normalization;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AugmentedBatchesTest {

    private static final int SIDE = 16;

    private static List<AugmentedBatches.Batch> epoch(CachedSplit split, AugmentPipeline pipeline, int epoch) {
        AugmentedBatches batches = new AugmentedBatches(split, Normalization.IMAGENET, pipeline, 7, epoch, 2);
        int[][] order = {{3, 1, 4, 15, 9, 2, 6, 5}, {8, 13, 7, 0, 11, 12, 10, 14}, {16, 17, 18, 19}};
        batches.start(order);
        List<AugmentedBatches.Batch> out = new ArrayList<>();
        for (int s = 0; s < order.length; s++) {
            out.add(batches.take(s));
        }
        return out;
    }

    @Test
    void theSameSeedAndEpoch_giveIdenticalBatches_mixedTargetsIncluded() {
        CachedSplit split = RandomSplit.of(20, SIDE, 1);
        AugmentPipeline pipeline = AugmentPipeline.parse("hflip,rotate=15,rrc=0.7-1.0,jitter=0.2,mixup=0.2,cutmix=1.0");
        List<AugmentedBatches.Batch> first = epoch(split, pipeline, 2);
        List<AugmentedBatches.Batch> again = epoch(split, pipeline, 2);
        for (int s = 0; s < first.size(); s++) {
            assertArrayEquals(first.get(s).pixels(), again.get(s).pixels(), "batch " + s);
            assertArrayEquals(first.get(s).labels(), again.get(s).labels());
            for (int i = 0; i < first.get(s).soft().length; i++) {
                assertArrayEquals(first.get(s).soft()[i], again.get(s).soft()[i], "batch " + s + " image " + i);
                assertEquals(1f, first.get(s).soft()[i][0] + first.get(s).soft()[i][1], 1e-6f, "a class distribution");
            }
        }
        assertFalse(java.util.Arrays.equals(first.get(0).pixels(), epoch(split, pipeline, 3).get(0).pixels()),
                "another epoch draws anew");
    }
}
