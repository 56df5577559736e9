package dev.graft.core.train;

import java.util.List;

/**
 * What a learning-rate range test measured and what it suggests. The suggestions follow fastai's
 * {@code lr_find} on the smoothed losses, leaving out the first tenth of the requested steps and
 * the last five points (the start is flat, the end diverges): {@link #valley()} (fastai's
 * default), {@link #steepest()} (steepest descent of the loss against the logarithm of the rate)
 * and {@link #minimumTenth()} (a tenth of the rate at the lowest loss, Smith's rule). Graft's
 * {@link #suggestion()} is the geometric mean of the valley and the minimum/10: the valley is the
 * cautious end of the range where the loss falls (the smoothed loss lags the rate, so it sits
 * early), the minimum/10 the bold end. Measured against a 7-point grid search on frozen
 * MobileNetV2 features (5 epochs): ants/bees best 3.2e-2, valley 2.8e-3 (11x too low), minimum/10
 * 0.16, their mean 2.1e-2; PneumoniaMNIST at 64 px best 3.2e-3 (by AUC), valley 1.3e-3,
 * minimum/10 3.5e-2 (11x too high), their mean 6.7e-3. Only the mean is within 3x on both.
 *
 * @param points the rate and loss of each step taken
 * @param requestedSteps the steps asked for (the test stops earlier when the loss diverges)
 * @param diverged whether it stopped because the smoothed loss exceeded {@link
 *     LearningRateFinder#DIVERGENCE} times its minimum (or was not finite)
 * @param valley the middle of the longest descent of the smoothed loss (fastai's {@code valley})
 * @param steepest the rate where the smoothed loss falls fastest per decade of rate
 * @param minimumTenth a tenth of the rate where the smoothed loss is lowest
 * @param seconds how long the test took, frozen features included
 */
public record LearningRateCurve(List<Point> points, int requestedSteps, boolean diverged, double valley, double steepest,
        double minimumTenth, double seconds) {

    /** Copies the points. */
    public LearningRateCurve {
        points = List.copyOf(points);
    }

    /**
     * One step of the test.
     *
     * @param step the 0-based step
     * @param rate the head's learning rate of the step
     * @param loss the step's training loss
     * @param smoothed the bias-corrected exponential moving average of the losses so far
     */
    public record Point(int step, double rate, double loss, double smoothed) {}

    /**
     * Computes the suggestions from the steps taken.
     *
     * @param points the steps
     * @param requestedSteps the steps asked for
     * @param diverged whether the test stopped on divergence
     * @param seconds how long it took
     * @return the curve
     * @throws IllegalArgumentException if there are fewer than two points
     */
    public static LearningRateCurve of(List<Point> points, int requestedSteps, boolean diverged, double seconds) {
        if (points.size() < 2) {
            throw new IllegalArgumentException("the learning-rate range test needs at least two finite losses, got " + points.size()
                    + "; the loss diverged at once, so lower the data's difficulty or check the labels.");
        }
        int from = Math.min(requestedSteps / 10, points.size());
        List<Point> window = points.subList(from, Math.max(from, points.size() - 5));
        if (window.size() < 2) {
            window = points;
        }
        int n = window.size();
        double[] rates = window.stream().mapToDouble(Point::rate).toArray();
        double[] losses = window.stream().mapToDouble(Point::smoothed).toArray();
        int lowest = 0;
        int steepestAt = 0;
        double steepestSlope = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            lowest = losses[i] < losses[lowest] ? i : lowest;
            if (i + 1 < n) {
                double slope = (losses[i + 1] - losses[i]) / (Math.log(rates[i + 1]) - Math.log(rates[i]));
                if (slope < steepestSlope) {
                    steepestSlope = slope;
                    steepestAt = i;
                }
            }
        }
        return new LearningRateCurve(points, requestedSteps, diverged, rates[valley(losses)], rates[steepestAt], rates[lowest] / 10,
                seconds);
    }

    /**
     * fastai's {@code valley}: the longest run of decreasing losses (a longest decreasing
     * subsequence), and the point a third and a sixth of the way into it.
     */
    private static int valley(double[] losses) {
        int n = losses.length;
        int[] length = new int[n];
        java.util.Arrays.fill(length, 1);
        int maxStart = 0;
        int maxEnd = 0;
        for (int i = 1; i < n; i++) {
            for (int j = 0; j < i; j++) {
                if (losses[i] < losses[j] && length[i] < length[j] + 1) {
                    length[i] = length[j] + 1;
                }
                if (length[maxEnd] < length[i]) {
                    maxEnd = i;
                    maxStart = maxEnd - length[maxEnd];
                }
            }
        }
        double sections = (maxEnd - maxStart) / 3.0;
        return Math.max(0, Math.min(n - 1, maxStart + (int) sections + (int) (sections / 2)));
    }

    /**
     * @return the rate Graft suggests: the geometric mean of {@link #valley()} and {@link
     *     #minimumTenth()}, rounded to two significant digits
     */
    public double suggestion() {
        return round(Math.sqrt(valley * minimumTenth));
    }

    /** @return how the suggestion was chosen, for messages */
    public static String rule() {
        return "between valley and minimum/10";
    }

    /**
     * Rounds a rate to two significant digits, as it is printed and recorded.
     *
     * @param rate the rate
     * @return the rounded rate
     */
    public static double round(double rate) {
        return new java.math.BigDecimal(rate).round(new java.math.MathContext(2)).doubleValue();
    }
}
