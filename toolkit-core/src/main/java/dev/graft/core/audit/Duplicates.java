package dev.graft.core.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds exact duplicates (same decoded-pixel hash) and near-duplicates (nearest neighbours whose
 * cosine similarity reaches a threshold calibrated on the data).
 *
 * <p>Calibration, on the data itself (a given threshold replaces it): for every image, its
 * nearest neighbour that is not an exact copy gives a similarity; their median m and robust
 * spread σ (1.4826 × median absolute deviation) describe how close ordinary neighbours are. A
 * pair at m + 6σ (kept within [0.90, 0.985]) is a near-duplicate on the embedding alone. A pair
 * above m (closer than a typical nearest neighbour) is one when its difference hashes confirm it:
 * over all k-nearest-neighbour pairs, hash distances have median h and robust spread τ (for
 * unrelated images h ≈ 32 of 64 bits); a distance of at most h − 4τ (kept within [4, 20]) is far
 * below chance. Measured on ants/bees with ImageNet MobileNetV2 at 160 px: m = 0.77, σ = 0.054;
 * planted resized, cropped, re-encoded copies sit at cosine 0.84–0.94 with hash distance 3–12,
 * while the closest unrelated neighbour pairs have distance ≥ 15.
 */
public final class Duplicates {

    /** Lowest calibrated threshold. */
    static final double FLOOR = 0.90;
    /** Highest calibrated threshold. */
    static final double CEILING = 0.985;
    /** Robust standard deviations above the median nearest-neighbour similarity. */
    static final double SPREADS = 6;

    private Duplicates() {}

    /**
     * Pairs of images with identical decoded pixels (within a cluster, each member paired with the first).
     *
     * @param images the images
     * @return the pairs
     */
    public static List<DuplicatePair> exact(List<AuditImage> images) {
        Map<String, List<AuditImage>> byHash = new LinkedHashMap<>();
        for (AuditImage image : images) {
            if (image.facts() != null) {
                byHash.computeIfAbsent(image.facts().hash(), h -> new ArrayList<>()).add(image);
            }
        }
        List<DuplicatePair> pairs = new ArrayList<>();
        for (List<AuditImage> cluster : byHash.values()) {
            for (int i = 0; i < cluster.size(); i++) {
                for (int j = i + 1; j < cluster.size(); j++) {
                    if (i == 0 || !cluster.get(i).split().equals(cluster.get(j).split())) {
                        pairs.add(pair("exact", cluster.get(i), cluster.get(j), 1.0));
                    }
                }
            }
        }
        return pairs;
    }

    /**
     * Calibrates the near-duplicate rule on the data (see the class description).
     *
     * @param images the images
     * @param neighbours their neighbours
     * @return the rule
     */
    public static NearRule calibrate(List<AuditImage> images, Neighbours neighbours) {
        List<Double> nearest = new ArrayList<>();
        List<Double> distances = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            boolean first = true;
            for (int r = 0; r < neighbours.index()[i].length; r++) {
                AuditImage other = images.get(neighbours.index()[i][r]);
                if (sameHash(images.get(i), other)) {
                    continue;
                }
                if (first) {
                    nearest.add((double) neighbours.similarity()[i][r]);
                    first = false;
                }
                if (images.get(i).facts() != null && other.facts() != null) {
                    distances.add((double) ImageFacts.hamming(images.get(i).facts().dHash(), other.facts().dHash()));
                }
            }
        }
        double[] values = nearest.stream().mapToDouble(Double::doubleValue).toArray();
        double m = RobustZ.median(values);
        double strict = Math.min(CEILING, Math.max(FLOOR, m + SPREADS * RobustZ.sigma(values, m)));
        double[] hamming = distances.stream().mapToDouble(Double::doubleValue).toArray();
        double h = RobustZ.median(hamming);
        int hashDistance = (int) Math.max(4, Math.min(20, Math.floor(h - 4 * RobustZ.sigma(hamming, h))));
        return new NearRule(strict, Math.min(m, strict), hashDistance, true);
    }

    /**
     * Pairs of different neighbouring images the rule calls near-duplicates.
     *
     * @param images the images
     * @param neighbours their neighbours
     * @param rule the rule
     * @return the pairs, most similar first
     */
    public static List<DuplicatePair> near(List<AuditImage> images, Neighbours neighbours, NearRule rule) {
        List<DuplicatePair> pairs = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            for (int r = 0; r < neighbours.index()[i].length; r++) {
                int j = neighbours.index()[i][r];
                double s = neighbours.similarity()[i][r];
                if (s < rule.loose()) {
                    break;
                }
                boolean listedFromOtherSide = false;
                if (j < i) {
                    for (int q : neighbours.index()[j]) {
                        listedFromOtherSide |= q == i;
                    }
                }
                if (!listedFromOtherSide && !sameHash(images.get(i), images.get(j))) {
                    DuplicatePair pair = pair("near", images.get(Math.min(i, j)), images.get(Math.max(i, j)), Math.min(1.0, s));
                    if (rule.accepts(pair.similarity(), pair.hashDistance())) {
                        pairs.add(pair);
                    }
                }
            }
        }
        pairs.sort((x, y) -> Double.compare(y.similarity(), x.similarity()));
        return pairs;
    }

    private static boolean sameHash(AuditImage a, AuditImage b) {
        return a.facts() != null && b.facts() != null && Objects.equals(a.facts().hash(), b.facts().hash());
    }

    private static DuplicatePair pair(String kind, AuditImage a, AuditImage b, double similarity) {
        int distance = a.facts() != null && b.facts() != null ? ImageFacts.hamming(a.facts().dHash(), b.facts().dHash()) : -1;
        return new DuplicatePair(kind, a.index(), b.index(), similarity, distance, !a.split().equals(b.split()),
                a.image().label() != b.image().label());
    }
}
