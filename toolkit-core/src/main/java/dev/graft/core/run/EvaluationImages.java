package dev.graft.core.run;

import dev.graft.core.metric.ClassificationMetrics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Raster pictures of a kept model's validation results for TensorBoard's image tab: the
 * precision–recall curves, the row-normalised confusion matrix and a grid of the worst errors.
 */
final class EvaluationImages {

    private static final int WORST = 16;

    private EvaluationImages() {}

    /**
     * Draws the pictures.
     *
     * @param classNames the classes
     * @param val the validation predictions
     * @return the pictures by TensorBoard tag
     */
    static Map<String, BufferedImage> of(List<String> classNames, Predictions val) {
        Map<String, BufferedImage> images = new LinkedHashMap<>();
        images.put("val/precision_recall", precisionRecall(classNames, val));
        images.put("val/confusion_matrix", confusion(classNames, ClassificationMetrics.compute(classNames, val.split().labels(),
                val.probabilities(), ones(classNames.size()), val.point()).confusion()));
        BufferedImage worst = worst(val);
        if (worst != null) {
            images.put("val/worst_errors", worst);
        }
        return images;
    }

    private static float[] ones(int n) {
        float[] w = new float[n];
        java.util.Arrays.fill(w, 1f);
        return w;
    }

    private static Graphics2D canvas(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        return g;
    }

    private static BufferedImage precisionRecall(List<String> classNames, Predictions val) {
        int left = 50;
        int top = 20;
        int size = 300;
        BufferedImage image = new BufferedImage(left + size + 200, top + size + 50, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        for (int i = 0; i <= 5; i++) {
            int x = left + i * size / 5;
            int y = top + size - i * size / 5;
            g.setColor(new Color(0xe5e5e5));
            g.drawLine(x, top, x, top + size);
            g.drawLine(left, y, left + size, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.1f", i / 5.0), x - 8, top + size + 16);
            g.drawString(String.format(Locale.ROOT, "%.1f", i / 5.0), left - 28, y + 4);
        }
        g.drawRect(left, top, size, size);
        g.drawString("recall", left + size / 2 - 15, top + size + 34);
        g.drawString("precision", 2, top - 6);
        int[] labels = val.split().labels();
        boolean binary = classNames.size() == 2;
        g.setStroke(new BasicStroke(2f));
        int row = 0;
        for (int c = binary ? 1 : 0; c < classNames.size(); c++) {
            Color color = Color.decode(SvgChart.COLORS[c % SvgChart.COLORS.length]);
            g.setColor(color);
            List<double[]> curve = ClassificationMetrics.precisionRecallCurve(labels, val.probabilities(), c);
            for (int i = 1; i < curve.size(); i++) {
                g.drawLine(left + (int) (curve.get(i - 1)[0] * size), top + (int) ((1 - curve.get(i - 1)[1]) * size),
                        left + (int) (curve.get(i)[0] * size), top + (int) ((1 - curve.get(i)[1]) * size));
            }
            g.drawLine(left + size + 15, top + 10 + row * 18, left + size + 35, top + 10 + row * 18);
            g.drawString(String.format(Locale.ROOT, "%s (AP %.3f)", classNames.get(c),
                    ClassificationMetrics.averagePrecision(labels, val.probabilities(), c)), left + size + 40, top + 14 + row * 18);
            row++;
        }
        g.dispose();
        return image;
    }

    private static BufferedImage confusion(List<String> classNames, int[][] counts) {
        int n = classNames.size();
        int cell = Math.max(40, 360 / n);
        int left = 110;
        int top = 40;
        BufferedImage image = new BufferedImage(left + n * cell + 20, top + n * cell + 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        g.setColor(Color.DARK_GRAY);
        g.drawString("rows true, columns predicted, shares of each row", 5, 15);
        for (int i = 0; i < n; i++) {
            int total = java.util.Arrays.stream(counts[i]).sum();
            g.setColor(Color.DARK_GRAY);
            g.drawString(shorten(classNames.get(i)), 5, top + i * cell + cell / 2 + 4);
            g.drawString(shorten(classNames.get(i)), left + i * cell + 4, top + n * cell + 16);
            for (int j = 0; j < n; j++) {
                double share = total == 0 ? 0 : counts[i][j] / (double) total;
                int shade = (int) Math.round(255 - share * 200);
                g.setColor(new Color(shade, shade, 255));
                g.fillRect(left + j * cell, top + i * cell, cell, cell);
                g.setColor(share > 0.6 ? Color.WHITE : Color.BLACK);
                g.drawString(String.format(Locale.ROOT, "%.2f", share), left + j * cell + cell / 2 - 12, top + i * cell + cell / 2);
                g.drawString("(" + counts[i][j] + ")", left + j * cell + cell / 2 - 12, top + i * cell + cell / 2 + 14);
            }
        }
        g.dispose();
        return image;
    }

    private static String shorten(String name) {
        return name.length() > 14 ? name.substring(0, 13) + "…" : name;
    }

    private static BufferedImage worst(Predictions val) {
        List<Integer> wrong = ErrorAnalysis.misclassifiedByLoss(val);
        if (wrong.isEmpty()) {
            return null;
        }
        List<Integer> shown = wrong.subList(0, Math.min(WORST, wrong.size()));
        int tile = 112;
        int columns = Math.min(4, shown.size());
        int rows = (shown.size() + columns - 1) / columns;
        BufferedImage grid = new BufferedImage(columns * tile, rows * tile, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(grid);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        for (int k = 0; k < shown.size(); k++) {
            BufferedImage picture = picture(val.split().pixels()[shown.get(k)], val.split().side());
            g.drawImage(picture, (k % columns) * tile, (k / columns) * tile, tile, tile, null);
        }
        g.dispose();
        return grid;
    }

    /**
     * Turns a decoded image (bytes, channels first) into a picture.
     *
     * @param chw the RGB bytes, one plane per channel
     * @param side the image side
     * @return the picture
     */
    static BufferedImage picture(byte[] chw, int side) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        int plane = side * side;
        for (int i = 0; i < plane; i++) {
            int r = chw[i] & 0xFF;
            int g = chw[plane + i] & 0xFF;
            int b = chw[2 * plane + i] & 0xFF;
            image.setRGB(i % side, i / side, (r << 16) | (g << 8) | b);
        }
        return image;
    }
}
