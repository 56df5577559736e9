package dev.graft.core.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * One searched option and the values it may take. Values are strings because they stand for
 * command-line option values ({@code lr}, {@code cut}, {@code hidden}, …).
 */
public sealed interface Dimension {

    /**
     * Draws a value.
     *
     * @param random the search's generator
     * @return the value
     */
    String sample(Random random);

    /**
     * Lists evenly spaced values (on a log scale for {@link LogUniform}).
     *
     * @param points how many values a numeric range gives
     * @return the values
     */
    List<String> grid(int points);

    /**
     * Narrows the dimension around the values the best trials used: a numeric range shrinks to
     * their span widened by half of it on each side (at least a quarter of the old range), never
     * past the old bounds; a choice keeps the choices they used.
     *
     * @param best the values of the best trials
     * @return the narrower dimension
     */
    Dimension zoom(List<String> best);

    /** A fixed set of values. @param values the values */
    record Choice(List<String> values) implements Dimension {
        /** Requires at least one value. */
        public Choice {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("a choice needs at least one value");
            }
            values = List.copyOf(values);
        }

        @Override
        public String sample(Random random) {
            return values.get(random.nextInt(values.size()));
        }

        @Override
        public List<String> grid(int points) {
            return values;
        }

        @Override
        public Dimension zoom(List<String> best) {
            List<String> kept = values.stream().filter(best::contains).toList();
            return kept.isEmpty() ? this : new Choice(kept);
        }
    }

    /**
     * Real values drawn uniformly, on a linear scale or, for learning rates and weight decays, a
     * log scale.
     *
     * @param low the lower bound
     * @param high the upper bound
     * @param log whether values are uniform on a log scale (then {@code low} must be positive)
     */
    record RealRange(double low, double high, boolean log) implements Dimension {
        /** Requires {@code low <= high}, and {@code 0 < low} on a log scale. */
        public RealRange {
            if (log && !(low > 0)) {
                throw new IllegalArgumentException("a log-uniform range needs a positive lower bound, got " + low);
            }
            requireOrdered(low, high);
        }

        /**
         * @param low the lower bound
         * @param high the upper bound
         * @return values uniform on a linear scale
         */
        static RealRange uniform(double low, double high) {
            return new RealRange(low, high, false);
        }

        /**
         * @param low the positive lower bound
         * @param high the upper bound
         * @return values uniform on a log scale
         */
        static RealRange logUniform(double low, double high) {
            return new RealRange(low, high, true);
        }

        @Override
        public String sample(Random random) {
            return format(log ? Math.exp(Math.log(low) + random.nextDouble() * (Math.log(high) - Math.log(low)))
                    : low + random.nextDouble() * (high - low));
        }

        @Override
        public List<String> grid(int points) {
            return spaced(low, high, points, log);
        }

        @Override
        public Dimension zoom(List<String> best) {
            double[] range = zoomed(low, high, best, log);
            return new RealRange(range[0], range[1], log);
        }
    }

    /** Whole numbers drawn uniformly, bounds included. @param low the lower bound @param high the upper bound */
    record IntRange(int low, int high) implements Dimension {
        /** Requires {@code low <= high}. */
        public IntRange {
            requireOrdered(low, high);
        }

        @Override
        public String sample(Random random) {
            return Integer.toString(low + random.nextInt(high - low + 1));
        }

        @Override
        public List<String> grid(int points) {
            LinkedHashSet<String> values = new LinkedHashSet<>();
            spaced(low, high, points, false).forEach(v -> values.add(Long.toString(Math.round(Double.parseDouble(v)))));
            return List.copyOf(values);
        }

        @Override
        public Dimension zoom(List<String> best) {
            double[] range = zoomed(low, high, best, false);
            return new IntRange((int) Math.floor(range[0]), (int) Math.ceil(range[1]));
        }
    }

    private static void requireOrdered(double low, double high) {
        if (!(low <= high)) {
            throw new IllegalArgumentException("a range needs low <= high, got [" + low + ", " + high + "]");
        }
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4g", value);
    }

    private static List<String> spaced(double low, double high, int points, boolean log) {
        List<String> values = new ArrayList<>();
        double a = log ? Math.log(low) : low;
        double b = log ? Math.log(high) : high;
        for (int i = 0; i < points; i++) {
            double t = points == 1 ? 0.5 : i / (double) (points - 1);
            double v = a + t * (b - a);
            values.add(format(log ? Math.exp(v) : v));
        }
        return values;
    }

    private static double[] zoomed(double low, double high, List<String> best, boolean log) {
        double a = log ? Math.log(low) : low;
        double b = log ? Math.log(high) : high;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (String s : best) {
            double v = log ? Math.log(Double.parseDouble(s)) : Double.parseDouble(s);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double margin = Math.max((max - min) / 2, (b - a) / 8);
        double from = Math.max(a, min - margin);
        double to = Math.min(b, max + margin);
        return log ? new double[] {Math.exp(from), Math.exp(to)} : new double[] {from, to};
    }
}
