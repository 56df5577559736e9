package dev.graft.core.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Images unlike the rest: far from their k nearest neighbours in embedding space (mean cosine
 * distance, robust z above {@value #FAR}), near-constant pixels (grey standard deviation below
 * {@value #CONSTANT} of 255: blank, black or corrupt), and size or colour statistics with a robust
 * z beyond ±{@value #STATS}.
 */
public final class Outliers {

    /** Robust z of the mean neighbour distance above which an image is far from the rest. */
    static final double FAR = 4;
    /** Grey standard deviation below which an image is near-constant. */
    static final double CONSTANT = 2;
    /** Robust z beyond which a size or colour statistic is unusual. */
    static final double STATS = 6;

    private Outliers() {}

    /**
     * Finds outliers.
     *
     * @param images the images
     * @param neighbours their neighbours, or {@code null} without embeddings
     * @return the outliers, strongest first within each reason
     */
    public static List<Outlier> find(List<AuditImage> images, Neighbours neighbours) {
        List<Outlier> found = new ArrayList<>();
        if (neighbours != null) {
            double[] distance = new double[images.size()];
            for (int i = 0; i < distance.length; i++) {
                float[] s = neighbours.similarity()[i];
                double sum = 0;
                for (float v : s) {
                    sum += 1 - v;
                }
                distance[i] = s.length > 0 ? sum / s.length : 0;
            }
            double[] z = RobustZ.scores(distance);
            for (int i = 0; i < z.length; i++) {
                if (z[i] > FAR) {
                    found.add(new Outlier(i, "far", z[i]));
                }
            }
        }
        List<AuditImage> decoded = images.stream().filter(image -> image.facts() != null).toList();
        for (AuditImage image : decoded) {
            if (image.facts().greyStd() < CONSTANT) {
                found.add(new Outlier(image.index(), "constant", image.facts().greyStd()));
            }
        }
        statistic(decoded, "width", f -> Math.log(f.width()), found);
        statistic(decoded, "height", f -> Math.log(f.height()), found);
        statistic(decoded, "aspect", f -> Math.log(f.width() / (double) f.height()), found);
        statistic(decoded, "red", ImageFacts::meanRed, found);
        statistic(decoded, "green", ImageFacts::meanGreen, found);
        statistic(decoded, "blue", ImageFacts::meanBlue, found);
        statistic(decoded, "contrast", ImageFacts::greyStd, found);
        found.sort(Comparator.comparing((Outlier o) -> o.reason().startsWith("stats") ? 2 : o.reason().equals("far") ? 0 : 1)
                .thenComparing(o -> -Math.abs(o.score())));
        return found;
    }

    private static void statistic(List<AuditImage> images, String name, ToDoubleFunction<ImageFacts> measure, List<Outlier> found) {
        double[] values = images.stream().mapToDouble(image -> measure.applyAsDouble(image.facts())).toArray();
        double[] z = RobustZ.scores(values);
        for (int i = 0; i < z.length; i++) {
            if (Math.abs(z[i]) > STATS) {
                found.add(new Outlier(images.get(i).index(), "stats:" + name, z[i]));
            }
        }
    }
}
