package dev.graft.datasets.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AugmentPipelineTest {

    private static final int SIDE = 32;

    private static float[] image(long seed) {
        Random random = new Random(seed);
        float[] chw = new float[3 * SIDE * SIDE];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    chw[c * SIDE * SIDE + y * SIDE + x] = (float) Math.min(1, Math.max(0,
                            0.5 + 0.4 * Math.sin(x * 0.3 + c) * Math.cos(y * 0.2) + random.nextGaussian() * 0.05));
                }
            }
        }
        return chw;
    }

    @Test
    void everyOperation_keepsSizeAndRange_andChangesTheImage() {
        List<String> all = List.of("hflip@1", "vflip@1", "rotate=30", "affine=0.2:15:0.1", "elastic=6:3", "rrc=0.3-0.6", "pad=6",
                "jitter=0.4:0.4:0.4:0.1", "noise=0.1", "blur=2", "grayscale@1", "erase=0.3@1", "solarize=0.4@1", "randaugment=2:15");
        float[] original = image(1);
        for (String spec : all) {
            AugmentPipeline pipeline = AugmentPipeline.parse(spec);
            for (int index = 0; index < 5; index++) {
                float[] out = pipeline.apply(original, SIDE, 3, 1, index);
                assertEquals(original.length, out.length, spec);
                for (float v : out) {
                    assertTrue(v >= 0 && v <= 1, spec + " gave " + v);
                }
                assertFalse(Arrays.equals(original, out), spec + " changed nothing");
            }
        }
    }

    @Test
    void flippingTwice_givesBackTheImageExactly() {
        float[] original = image(2);
        AugmentOp h = new Geometric.HorizontalFlip();
        AugmentOp v = new Geometric.VerticalFlip();
        Random r = new Random(0);
        assertArrayEquals(original, h.apply(h.apply(original, SIDE, r), SIDE, r));
        assertArrayEquals(original, v.apply(v.apply(original, SIDE, r), SIDE, r));
        float[] flipped = h.apply(original, SIDE, r);
        assertEquals(original[0], flipped[SIDE - 1], "pixel (0,0) moves to (side-1, 0)");
    }

    @Test
    void sameSeed_givesTheSameImages_whateverTheThreads() {
        AugmentPipeline pipeline = AugmentPipeline.parse("hflip,rotate=20,rrc=0.5-1.0,jitter=0.3,noise=0.05,erase=0.2");
        float[][] images = IntStream.range(0, 40).mapToObj(i -> image(i)).toArray(float[][]::new);
        float[][] sequential = new float[40][];
        for (int i = 0; i < 40; i++) {
            sequential[i] = pipeline.apply(images[i], SIDE, 7, 2, i);
        }
        float[][] parallel = new float[40][];
        IntStream.range(0, 40).parallel().forEach(i -> parallel[i] = pipeline.apply(images[i], SIDE, 7, 2, i));
        for (int i = 0; i < 40; i++) {
            assertArrayEquals(sequential[i], parallel[i], "image " + i);
        }
        assertFalse(Arrays.equals(sequential[0], pipeline.apply(images[0], SIDE, 7, 3, 0)), "another epoch draws anew");
    }

    @Test
    void flipsOfAFlipSensitiveTask_areRefused() {
        Map<String, Set<String>> laterality = Map.of("laterality", Set.of("hflip"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AugmentPipeline.parse("rotate=10,hflip").requireInvariance(laterality));
        assertTrue(e.getMessage().contains("laterality") && e.getMessage().contains("hflip"), e.getMessage());
        AugmentPipeline.parse("rotate=10,vflip,jitter=0.2").requireInvariance(laterality);
        assertThrows(IllegalArgumentException.class, () -> AugmentPipeline.parse("randaugment=2:9")
                .requireInvariance(Map.of("orientation", Set.of("rotate"))), "RandAugment rotates too");
    }

    @Test
    void requireInvariance_refusesAnOperationNameItDoesNotKnow_namingTheNearest() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AugmentPipeline.parse("rotate=10").requireInvariance(Map.of("side", Set.of("hflp"))));
        assertTrue(e.getMessage().startsWith("task 'side' lists an operation its labels are not invariant to: unknown augmentation"
                + " operation 'hflp'; did you mean 'hflip'?"), e.getMessage());
    }

    @Test
    void mixupAndCutmix_labelsAreTheConvexCombinationsOfTheImagesMixed() {
        for (boolean cutmix : new boolean[] {false, true}) {
            int n = 8;
            float[][] images = new float[n][];
            float[][] targets = new float[n][3];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                images[i] = image(10 + i);
                labels[i] = i % 3;
                targets[i][labels[i]] = 1;
            }
            float[][] before = Arrays.stream(images).map(float[]::clone).toArray(float[][]::new);
            BatchMix.Mixed mixed = BatchMix.mix(images, targets, SIDE, 0.4, cutmix, new Random(5));
            for (int i = 0; i < n; i++) {
                double lambda = mixed.lambdas()[i];
                int j = mixed.partners()[i];
                assertTrue(lambda >= 0 && lambda <= 1);
                float[] expected = new float[3];
                expected[labels[i]] += (float) lambda;
                expected[labels[j]] += (float) (1 - lambda);
                assertArrayEquals(expected, targets[i], 1e-6f, (cutmix ? "cutmix" : "mixup") + " target " + i);
                int own = 0;
                for (int k = 0; k < images[i].length; k++) {
                    if (cutmix) {
                        boolean fromSelf = images[i][k] == before[i][k];
                        assertTrue(fromSelf || images[i][k] == before[j][k], "cutmix pixels come from the pair");
                        own += images[i][k] == before[i][k] && before[i][k] != before[j][k] ? 1 : 0;
                    } else {
                        assertEquals(lambda * before[i][k] + (1 - lambda) * before[j][k], images[i][k], 1e-5);
                    }
                }
                if (cutmix && j != i) {
                    assertEquals(lambda, own / (double) images[i].length, 0.02, "λ is the share of the image kept");
                }
            }
        }
    }

    @Test
    void unknownOperation_isNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AugmentPipeline.parse("hflip,twirl=3"));
        assertTrue(e.getMessage().contains("'twirl=3'") && e.getMessage().contains("unknown augmentation operation"), e.getMessage());
    }

    @Test
    void grid_showsTheOriginalFirst_thenTheViews() {
        List<float[]> images = List.of(image(1), image(2));
        java.awt.image.BufferedImage grid = AugmentGrid.render(images, SIDE, AugmentPipeline.parse("rotate=30,jitter=0.3"), 3, 0);
        assertEquals(4 * SIDE + 5 * 4, grid.getWidth());
        assertEquals(2 * SIDE + 3 * 4, grid.getHeight());
        float[] original = images.get(1);
        int x = 5;
        int y = 7;
        int rgb = grid.getRGB(4 + x, 4 + SIDE + 4 + y);
        assertEquals(Math.round(original[y * SIDE + x] * 255), (rgb >> 16) & 0xFF, "row 2, column 1 is image 2 unchanged");
        assertTrue(grid.getRGB(4 + SIDE + 4 + x, 4 + y) != grid.getRGB(4 + x, 4 + y) || grid.getRGB(4 + SIDE + 4 + 9, 4 + 9) != grid.getRGB(4 + 9, 4 + 9),
                "the views differ from the original");
    }
}
