package dev.graft.core.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart drawn as inline SVG with real axes: ticks at 1, 2 or 5 × 10ᵏ steps, gridlines,
 * axis titles, point markers, an optional vertical mark (the kept epoch) and an optional diagonal,
 * and the legend to the right of the plot, outside the data. Keeps {@code report.html} a single
 * self-contained file without a chart library.
 *
 * @param title the title above the plot
 * @param xTitle the x-axis title
 * @param yTitle the y-axis title
 * @param lines the series
 * @param fixedUnit whether both axes span exactly [0, 1] (ROC and precision–recall)
 * @param integerX whether x ticks are whole numbers (epochs)
 * @param markX where to draw the vertical mark, or {@code NaN} for none
 * @param markLabel the mark's label
 * @param diagonal whether to draw the chance diagonal from (0, 0) to (1, 1)
 * @param logX whether x holds base-10 logarithms, its ticks labelled as powers of ten (learning rates)
 */
record SvgChart(String title, String xTitle, String yTitle, List<Line> lines, boolean fixedUnit, boolean integerX,
        double markX, String markLabel, boolean diagonal, boolean logX) {

    /** The ten colours matplotlib uses by default, so charts read as readers expect. */
    static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
        "#bcbd22", "#17becf"};

    private static final int PLOT_W = 360;
    private static final int PLOT_H = 220;
    private static final int LEFT = 58;
    private static final int TOP = 28;
    private static final int LEGEND_W = 190;

    /**
     * One series.
     *
     * @param name its legend entry
     * @param color its colour
     * @param x the x values
     * @param y the y values ({@code NaN} points are skipped)
     * @param markers whether to draw a marker at each point
     */
    record Line(String name, String color, double[] x, double[] y, boolean markers) {}

    /**
     * A learning-curve chart over epochs.
     *
     * @param title the title
     * @param yTitle the y-axis title
     * @param lines the series
     * @param keptEpoch the restored best epoch, marked with a dashed line (0 for none)
     * @return the chart
     */
    static SvgChart epochs(String title, String yTitle, List<Line> lines, int keptEpoch) {
        return new SvgChart(title, "epoch", yTitle, lines, false, true, keptEpoch > 0 ? keptEpoch : Double.NaN,
                "kept: epoch " + keptEpoch, false, false);
    }

    /**
     * A curve chart on the unit square (ROC, precision–recall).
     *
     * @param title the title
     * @param xTitle the x-axis title
     * @param yTitle the y-axis title
     * @param lines the curves
     * @param diagonal whether to draw the chance diagonal
     * @return the chart
     */
    static SvgChart unit(String title, String xTitle, String yTitle, List<Line> lines, boolean diagonal) {
        return new SvgChart(title, xTitle, yTitle, lines, true, false, Double.NaN, "", diagonal, false);
    }

    /**
     * A chart over learning rates on a logarithmic axis, one tick per decade (the range test).
     *
     * @param title the title
     * @param yTitle the y-axis title
     * @param lines the series, x being rates
     * @param markRate the rate to mark with a dashed line
     * @param markLabel the mark's label
     * @return the chart
     */
    static SvgChart rates(String title, String yTitle, List<Line> lines, double markRate, String markLabel) {
        List<Line> logged = lines.stream().map(l -> new Line(l.name(), l.color(), java.util.Arrays.stream(l.x()).map(Math::log10).toArray(),
                l.y(), l.markers())).toList();
        return new SvgChart(title, "learning rate", yTitle, logged, false, true, Math.log10(markRate), markLabel, false, true);
    }

    /**
     * Draws the chart.
     *
     * @return the {@code <svg>} element
     */
    String svg() {
        double[] xs = fixedUnit ? new double[] {0, 1} : range(true);
        double[] ys = fixedUnit ? new double[] {0, 1} : range(false);
        double[] xTicks = integerX ? integerTicks(xs) : ticks(xs);
        double[] yTicks = ticks(ys);
        if (!fixedUnit) {
            ys = new double[] {Math.min(ys[0], yTicks[0]), Math.max(ys[1], yTicks[yTicks.length - 1])};
            if (!integerX) {
                xs = new double[] {Math.min(xs[0], xTicks[0]), Math.max(xs[1], xTicks[xTicks.length - 1])};
            }
        }
        // A unit-square chart keeps a margin, so a perfect curve along x = 0 or y = 1 stays visible off the frame.
        double[] xr = fixedUnit ? new double[] {-0.03, 1.03} : xs;
        double[] yr = fixedUnit ? new double[] {-0.03, 1.03} : ys;
        int width = LEFT + PLOT_W + 20 + LEGEND_W;
        int height = TOP + PLOT_H + 48;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">",
                width, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"13\" font-weight=\"bold\">%s</text>", LEFT,
                ReportWriter.escape(title)));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fff\" stroke=\"none\"/>",
                LEFT, TOP, PLOT_W, PLOT_H));
        for (double t : xTicks) {
            double x = px(t, xr);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e5e5e5\"/>", x, TOP, x, TOP + PLOT_H));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>", x, TOP + PLOT_H, x,
                    TOP + PLOT_H + 5));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, TOP + PLOT_H + 17,
                    logX ? decade(t) : label(t, xTicks)));
        }
        for (double t : yTicks) {
            double y = py(t, yr);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>", LEFT, y, LEFT + PLOT_W, y));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333\"/>", LEFT - 5, y, LEFT, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT - 8, y + 4, label(t, yTicks)));
        }
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>",
                LEFT, TOP, PLOT_W, PLOT_H));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>", LEFT + PLOT_W / 2, TOP + PLOT_H + 36,
                ReportWriter.escape(xTitle)));
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(14,%d) rotate(-90)\" text-anchor=\"middle\">%s</text>",
                TOP + PLOT_H / 2, ReportWriter.escape(yTitle)));
        if (diagonal) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" stroke-dasharray=\"5,4\"/>",
                    px(0, xr), py(0, yr), px(1, xr), py(1, yr)));
        }
        if (Double.isFinite(markX)) {
            double x = px(markX, xr);
            svg.append(String.format(Locale.ROOT, "<line class=\"kept\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#555\" stroke-dasharray=\"3,3\"/>",
                    x, TOP, x, TOP + PLOT_H));
        }
        for (Line line : lines) {
            StringBuilder points = new StringBuilder();
            StringBuilder markers = new StringBuilder();
            for (int i = 0; i < line.x().length; i++) {
                if (!Double.isFinite(line.y()[i]) || !Double.isFinite(line.x()[i])) {
                    continue;
                }
                double x = px(line.x()[i], xr);
                double y = py(line.y()[i], yr);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                if (line.markers()) {
                    markers.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.2\" fill=\"%s\"/>", x, y, line.color()));
                }
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(line.color()).append("\" points=\"").append(points)
                    .append("\"/>").append(markers);
        }
        int ly = TOP + 8;
        int lx = LEFT + PLOT_W + 20;
        for (Line line : lines) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>", lx, ly, lx + 22,
                    ly, line.color()));
            if (line.markers()) {
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"3.2\" fill=\"%s\"/>", lx + 11, ly, line.color()));
            }
            svg.append(String.format(Locale.ROOT, "<text class=\"legend\" x=\"%d\" y=\"%d\">%s</text>", lx + 28, ly + 4, ReportWriter.escape(line.name())));
            ly += 18;
        }
        if (diagonal) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\" stroke-dasharray=\"5,4\"/>"
                    + "<text x=\"%d\" y=\"%d\">chance</text>", lx, ly, lx + 22, ly, lx + 28, ly + 4));
        }
        if (Double.isFinite(markX)) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\" stroke-dasharray=\"3,3\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>", lx, ly, lx + 22, ly, lx + 28, ly + 4, ReportWriter.escape(markLabel)));
        }
        return svg.append("</svg>").toString();
    }

    private double px(double v, double[] r) {
        return LEFT + (r[1] == r[0] ? 0.5 : (v - r[0]) / (r[1] - r[0])) * PLOT_W;
    }

    private double py(double v, double[] r) {
        return TOP + (1 - (r[1] == r[0] ? 0.5 : (v - r[0]) / (r[1] - r[0]))) * PLOT_H;
    }

    private double[] range(boolean x) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Line line : lines) {
            double[] values = x ? line.x() : line.y();
            for (double v : values) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (!Double.isFinite(min)) {
            return new double[] {0, 1};
        }
        if (x && integerX) {
            return new double[] {min - 0.5, max + 0.5};
        }
        if (max - min < 1e-9) {
            double pad = Math.max(Math.abs(min) * 0.05, 0.05);
            return new double[] {min - pad, max + pad};
        }
        return new double[] {min, max};
    }

    /**
     * Tick values covering a range at a 1, 2 or 5 × 10ᵏ step, about five of them.
     *
     * @param range [min, max]
     * @return the ticks, from at or below min to at or above max
     */
    static double[] ticks(double[] range) {
        double step = niceStep((range[1] - range[0]) / 5);
        double start = Math.floor(range[0] / step + 1e-9) * step;
        double end = Math.ceil(range[1] / step - 1e-9) * step;
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; start + i * step <= end + step * 1e-6; i++) {
            ticks.add(start + i * step);
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * The step of 1, 2 or 5 × 10ᵏ nearest above a raw step.
     *
     * @param raw the raw step
     * @return the nice step
     */
    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double fraction = raw / magnitude;
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
    }

    private static double[] integerTicks(double[] range) {
        int first = (int) Math.ceil(range[0]);
        int last = (int) Math.floor(range[1]);
        double step = Math.max(1, niceStep((last - first) / 8.0));
        List<Double> ticks = new ArrayList<>();
        for (double t = first; t <= last; t += step) {
            ticks.add(t);
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String decade(double exponent) {
        long k = Math.round(exponent);
        return k == 0 ? "1" : k == 1 ? "10" : "1e" + k;
    }

    private static String label(double value, double[] ticks) {
        double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(value) < step * 1e-6 ? 0.0 : value);
    }
}
