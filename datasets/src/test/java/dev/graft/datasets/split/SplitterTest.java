package dev.graft.datasets.split;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.ImageSource;
import dev.graft.datasets.LabeledImage;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitterTest {

    private record Named(String name) implements ImageSource {
        @Override
        public BufferedImage load() {
            return new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /** 300 images of class 0 and 100 of class 1; with groups, 4 images per patient. */
    private static ImageDataset imbalanced(boolean grouped) {
        List<LabeledImage> images = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int label = i < 300 ? 0 : 1;
            String group = grouped ? "p" + (i / 4) : null;
            images.add(new LabeledImage(new Named("img" + i), label, group, Map.of()));
        }
        return new ImageDataset(List.of("benign", "melanoma"), images);
    }

    private static Set<String> names(ImageDataset d) {
        Set<String> s = new HashSet<>();
        d.images().forEach(i -> s.add(i.source().describe()));
        return s;
    }

    @Test
    void split_isDisjointCompleteAndStratified() {
        DatasetSplits splits = Splitter.split(imbalanced(false), new SplitPlan(0.2, 0.2, 0.1, 7));
        Set<String> all = new HashSet<>();
        int total = 0;
        for (ImageDataset part : splits.byName().values()) {
            Set<String> n = names(part);
            total += n.size();
            all.addAll(n);
            int[] counts = part.classCounts();
            double share = counts[1] / (double) part.size();
            assertEquals(0.25, share, 0.02, "class-1 share in a split of " + part.size());
        }
        assertEquals(400, total);
        assertEquals(400, all.size(), "splits overlap");
        assertEquals(80, splits.val().size());
        assertEquals(80, splits.test().size());
        assertEquals(40, splits.trainVal().size());
        assertEquals(200, splits.train().size());
    }

    @Test
    void split_groupsNeverCrossSplits() {
        DatasetSplits splits = Splitter.split(imbalanced(true), new SplitPlan(0.2, 0.2, 0.1, 3));
        Map<String, String> splitOfGroup = new java.util.HashMap<>();
        splits.byName().forEach((split, part) -> part.images().forEach(image -> {
            String previous = splitOfGroup.put(image.group(), split);
            assertTrue(previous == null || previous.equals(split), image.group() + " is in " + previous + " and " + split);
        }));
        assertEquals(100, splitOfGroup.size());
    }

    @Test
    void split_sameSeedSameSplit_otherSeedOtherSplit() {
        ImageDataset data = imbalanced(false);
        SplitPlan plan = new SplitPlan(0.2, 0.2, 0.0, 11);
        assertEquals(names(Splitter.split(data, plan).val()), names(Splitter.split(data, plan).val()));
        assertTrue(!names(Splitter.split(data, plan).val()).equals(names(Splitter.split(data, new SplitPlan(0.2, 0.2, 0.0, 12)).val())));
    }

    @Test
    void apportion_distributesEveryItem() {
        int[] counts = Splitter.apportion(7, new double[] {0.5, 0.25, 0.25});
        assertArrayEquals(new int[] {3, 2, 2}, counts); // 3.5, 1.75, 1.75: the largest remainders win
    }
}
