package dev.graft.core.train;

/**
 * Whether an epoch improves on the best so far, in one place for the run's selection metric and
 * each auxiliary task's early stopping. A NaN value (e.g. AUC on a validation split that lacks a
 * class) never improves, so weights are never restored from an epoch that could not be judged.
 */
final class Selection {

    private Selection() {}

    /**
     * The starting "best" value that any finite value improves on.
     *
     * @param higherIsBetter the metric's direction
     * @return minus or plus infinity
     */
    static double worst(boolean higherIsBetter) {
        return higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    /**
     * Whether a value beats the best so far.
     *
     * @param value the epoch's value
     * @param best the best so far
     * @param higherIsBetter the metric's direction
     * @return true when strictly better; never for NaN
     */
    static boolean improves(double value, double best, boolean higherIsBetter) {
        return !Double.isNaN(value) && (higherIsBetter ? value > best : value < best);
    }
}
