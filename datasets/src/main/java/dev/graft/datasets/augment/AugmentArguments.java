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

    /** @return how many numbers the spec gave */
    public int count() {
        return values.length;
    }
}
