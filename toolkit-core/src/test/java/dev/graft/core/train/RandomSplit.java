package dev.graft.core.train;

import dev.graft.core.data.CachedSplit;
import dev.graft.datasets.ImageSource;
import dev.graft.datasets.LabeledImage;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Test data: a decoded split of random pixels, two classes alternating, no image files behind it. */
final class RandomSplit {

    private RandomSplit() {}

    /**
     * @param n how many images
     * @param side their side in pixels
     * @param seed the pixels' seed
     * @return the split, image i of class i % 2
     */
    static CachedSplit of(int n, int side, long seed) {
        Random random = new Random(seed);
        List<LabeledImage> images = new ArrayList<>();
        int[] labels = new int[n];
        byte[][] pixels = new byte[n][3 * side * side];
        for (int i = 0; i < n; i++) {
            String name = "img" + i;
            images.add(new LabeledImage(new ImageSource() {
                @Override
                public BufferedImage load() {
                    return new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
                }

                @Override
                public String describe() {
                    return name;
                }
            }, i % 2, name, Map.of()));
            labels[i] = i % 2;
            random.nextBytes(pixels[i]);
        }
        return new CachedSplit(images, labels, pixels, side);
    }
}
