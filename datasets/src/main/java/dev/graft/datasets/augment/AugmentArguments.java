package dev.graft.datasets.augment;

/**
 * The numbers after an operation's {@code =} in a spec, split at {@code :} and {@code -}: {@code
 * rrc=0.6-1.0} gives {@code [0.6, 1.0]}, {@code jitter=0.4:0.2} gives {@code [0.4, 0.2]}.
 *
 * @param values the numbers, in order; empty when the item has no {@code =}
 */
public record AugmentArguments(double[] values) {

    /** Copies the numbers. */
    public AugmentArguments {
        values = values.clone();
    }

    /**
     * Reads an item's argument text.
     *
     * @param text what follows {@code =}
     * @return the numbers
     * @throws NumberFormatException if a part is not a number
     */
    public static AugmentArguments parse(String text) {
        String[] parts = text.split("[:\\-]");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Double.parseDouble(parts[i]);
        }
        return new AugmentArguments(out);
    }

    /**
     * One number, or a default when the spec gave fewer.
     *
     * @param index its position
     * @param fallback the default
     * @return the number
     */
    public double get(int index, double fallback) {
        return index < values.length ? values[index] : fallback;
    }

    /**
     * One number, or a default when the spec gave fewer, refused when outside its range.
     *
     * @param index its position
     * @param fallback the default
     * @param name the argument's name in the operation's usage, e.g. {@code AREA}
     * @param min the smallest value that makes sense
     * @param max the largest ({@link Double#POSITIVE_INFINITY} for no bound)
     * @return the number
     * @throws IllegalArgumentException naming the argument and its range
     */
    public double get(int index, double fallback, String name, double min, double max) {
        double value = get(index, fallback);
        if (!(value >= min && value <= max)) {
            String range = max == Double.POSITIVE_INFINITY ? "at least " + number(min) : "in [" + number(min) + ", " + number(max) + "]";
            throw new IllegalArgumentException(name + " must be " + range + ", got " + number(value));
        }
        return value;
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** @return how many numbers the spec gave */
    public int count() {
        return values.length;
    }
}
