package dev.graft.datasets.synthetic;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Paints one dermoscopy-like image: a skin-toned background with noise and hairs, and a lesion
 * whose shape, border and colours follow its {@link LesionAttributes}.
 */
final class LesionPainter {

    /** Lesion colours in the order a count of colours adds them: browns, black, red, white, blue-grey. */
    private static final Color[] LESION_COLORS = {
        new Color(150, 95, 60),
        new Color(90, 50, 30),
        new Color(25, 20, 20),
        new Color(170, 50, 50),
        new Color(230, 225, 220),
        new Color(95, 110, 140)
    };

    private LesionPainter() {}

    static BufferedImage paint(LesionAttributes a, int size, Random random) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            Color skin = skinTone(random);
            g.setColor(skin);
            g.fillRect(0, 0, size, size);
            Polygon outline = outline(a, size, random);
            g.setColor(LESION_COLORS[0]);
            g.fillPolygon(outline);
            g.setClip(outline);
            for (int c = 1; c < a.colors(); c++) {
                g.setColor(LESION_COLORS[c]);
                double r = size * (0.06 + 0.05 * random.nextDouble());
                double x = size / 2.0 + (random.nextDouble() - 0.5) * size * 0.3;
                double y = size / 2.0 + (random.nextDouble() - 0.5) * size * 0.3;
                g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
            }
            g.setClip(null);
            drawHairs(g, size, random);
        } finally {
            g.dispose();
        }
        addNoise(image, random);
        return image;
    }

    private static Color skinTone(Random random) {
        double t = random.nextDouble();
        int r = (int) (235 - 60 * t);
        int gr = (int) (200 - 70 * t);
        int b = (int) (175 - 70 * t);
        return new Color(r, gr, b);
    }

    /**
     * The lesion outline in polar form: the radius grows with the diameter score; asymmetry adds
     * odd harmonics (breaking mirror symmetry about one, then both axes); each irregular border
     * segment of 8 gets high-frequency jags.
     */
    private static Polygon outline(LesionAttributes a, int size, Random random) {
        double radius = size * (0.12 + 0.05 * a.diameter());
        double rotation = random.nextDouble() * 2 * Math.PI;
        boolean[] irregular = new boolean[8];
        for (int placed = 0; placed < a.border(); ) {
            int s = random.nextInt(8);
            if (!irregular[s]) {
                irregular[s] = true;
                placed++;
            }
        }
        double jagPhase = random.nextDouble() * 2 * Math.PI;
        int points = 180;
        Polygon polygon = new Polygon();
        for (int i = 0; i < points; i++) {
            double theta = 2 * Math.PI * i / points;
            double r = 1 + 0.04 * Math.cos(2 * theta);
            if (a.asymmetry() >= 1) {
                r += 0.22 * Math.cos(theta);
            }
            if (a.asymmetry() >= 2) {
                r += 0.18 * Math.sin(3 * theta + 0.7);
            }
            if (irregular[(int) (theta / (2 * Math.PI) * 8) % 8]) {
                r += 0.12 * Math.sin(14 * theta + jagPhase) + 0.05 * (random.nextDouble() - 0.5);
            }
            double angle = theta + rotation;
            polygon.addPoint(
                    (int) Math.round(size / 2.0 + radius * r * Math.cos(angle)),
                    (int) Math.round(size / 2.0 + radius * r * Math.sin(angle)));
        }
        return polygon;
    }

    private static void drawHairs(Graphics2D g, int size, Random random) {
        int hairs = random.nextInt(5);
        for (int h = 0; h < hairs; h++) {
            g.setColor(new Color(40 + random.nextInt(30), 30 + random.nextInt(20), 25));
            g.setStroke(new BasicStroke(Math.max(1f, size / 128f)));
            Path2D.Double path = new Path2D.Double();
            path.moveTo(random.nextDouble() * size, random.nextDouble() * size);
            path.quadTo(
                    random.nextDouble() * size,
                    random.nextDouble() * size,
                    random.nextDouble() * size,
                    random.nextDouble() * size);
            g.draw(path);
        }
    }

    private static void addNoise(BufferedImage image, Random random) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                int n = (int) Math.round(random.nextGaussian() * 6);
                int r = clamp(((p >> 16) & 0xFF) + n);
                int gr = clamp(((p >> 8) & 0xFF) + n);
                int b = clamp((p & 0xFF) + n);
                image.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
