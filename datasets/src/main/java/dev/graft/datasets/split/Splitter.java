package dev.graft.datasets.split;

import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.LabeledImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Splits a dataset into parts with given fractions, stratified by class, and grouped: images
 * sharing a group id (a patient, a lesion) always land in the same part, so no patient is both
 * trained on and tested on. Deterministic for a seed.
 */
public final class Splitter {

    private Splitter() {}

    /**
     * Splits one pool into train, train-val, val and test.
     *
     * @param pool the labelled images
     * @param plan the fractions and seed
     * @return the four splits
     */
    public static DatasetSplits split(ImageDataset pool, SplitPlan plan) {
        List<ImageDataset> parts =
                split(
                        pool,
                        new double[] {
                            plan.trainFraction(),
                            plan.trainValFraction(),
                            plan.valFraction(),
                            plan.testFraction()
                        },
                        plan.seed());
        return new DatasetSplits(parts.get(0), parts.get(1), parts.get(2), parts.get(3));
    }

    /**
     * Splits a dataset into parts of the given fractions. Each class's units (groups, or single
     * images without a group) are shuffled and dealt out by largest remainder, so every part gets
     * its share of every class.
     *
     * @param data the dataset
     * @param fractions the share of each part; they must sum to 1
     * @param seed the random seed
     * @return one dataset per fraction, in order
     */
    public static List<ImageDataset> split(ImageDataset data, double[] fractions, long seed) {
        double total = 0;
        for (double f : fractions) {
            if (f < 0) {
                throw new IllegalArgumentException("negative fraction " + f);
            }
            total += f;
        }
        if (Math.abs(total - 1) > 1e-9) {
            throw new IllegalArgumentException("fractions must sum to 1, got " + total);
        }
        List<List<LabeledImage>> parts = new ArrayList<>();
        for (int i = 0; i < fractions.length; i++) {
            parts.add(new ArrayList<>());
        }
        Random random = new Random(seed);
        for (List<List<LabeledImage>> classUnits : unitsByClass(data).values()) {
            java.util.Collections.shuffle(classUnits, random);
            int[] counts = apportion(classUnits.size(), fractions);
            int next = 0;
            for (int p = 0; p < fractions.length; p++) {
                for (int k = 0; k < counts[p]; k++) {
                    parts.get(p).addAll(classUnits.get(next++));
                }
            }
        }
        return parts.stream().map(data::withImages).toList();
    }

    /**
     * Groups images into units (a group id's images, or one image without a group), keyed by the
     * unit's majority class, in first-seen order so the result is deterministic.
     */
    private static Map<Integer, List<List<LabeledImage>>> unitsByClass(ImageDataset data) {
        Map<String, List<LabeledImage>> groups = new LinkedHashMap<>();
        List<List<LabeledImage>> units = new ArrayList<>();
        for (LabeledImage image : data.images()) {
            if (image.group() == null) {
                units.add(List.of(image));
            } else {
                groups.computeIfAbsent(image.group(), g -> {
                            List<LabeledImage> unit = new ArrayList<>();
                            units.add(unit);
                            return unit;
                        })
                        .add(image);
            }
        }
        Map<Integer, List<List<LabeledImage>>> byClass = new java.util.TreeMap<>();
        for (List<LabeledImage> unit : units) {
            byClass.computeIfAbsent(majorityLabel(unit, data.classNames().size()), c -> new ArrayList<>())
                    .add(unit);
        }
        return byClass;
    }

    private static int majorityLabel(List<LabeledImage> unit, int classes) {
        int[] counts = new int[classes];
        for (LabeledImage image : unit) {
            counts[image.label()]++;
        }
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (counts[c] > counts[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Splits n items by fractions using the largest-remainder method. */
    static int[] apportion(int n, double[] fractions) {
        int[] counts = new int[fractions.length];
        double[] remainders = new double[fractions.length];
        int assigned = 0;
        for (int i = 0; i < fractions.length; i++) {
            double exact = n * fractions[i];
            counts[i] = (int) Math.floor(exact);
            remainders[i] = exact - counts[i];
            assigned += counts[i];
        }
        while (assigned < n) {
            int best = 0;
            for (int i = 1; i < fractions.length; i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            counts[best]++;
            remainders[best] = -1;
            assigned++;
        }
        return counts;
    }
}
