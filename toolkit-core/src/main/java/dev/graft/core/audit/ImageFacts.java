package dev.graft.core.audit;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What the audit measures on one decoded image without a network: a content hash of its decoded
 * pixels (SHA-256 of width, height and sRGB values, so a PNG and a re-saved PNG of the same pixels
 * match), a 64-bit difference hash (dHash: is each of 8×9 grey cells brighter than its right
 * neighbour), its size and mean colour, and the standard deviation of its grey levels.
 *
 * @param hash the decoded pixels' SHA-256, hex
 * @param dHash the difference hash
 * @param width the width in pixels
 * @param height the height in pixels
 * @param meanRed mean red, 0–255
 * @param meanGreen mean green, 0–255
 * @param meanBlue mean blue, 0–255
 * @param greyStd standard deviation of grey levels, 0–255 (near 0: a blank or corrupt image)
 */
public record ImageFacts(String hash, long dHash, int width, int height, double meanRed, double meanGreen, double meanBlue,
        double greyStd) {

    /**
     * Measures an image.
     *
     * @param image the decoded image
     * @return its facts
     */
    public static ImageFacts of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer buffer = ByteBuffer.allocate(8 + 4 * rgb.length);
        buffer.putInt(w).putInt(h);
        double r = 0;
        double g = 0;
        double b = 0;
        double grey = 0;
        double grey2 = 0;
        for (int p : rgb) {
            buffer.putInt(p & 0xFFFFFF);
            int pr = (p >> 16) & 0xFF;
            int pg = (p >> 8) & 0xFF;
            int pb = p & 0xFF;
            r += pr;
            g += pg;
            b += pb;
            double y = 0.299 * pr + 0.587 * pg + 0.114 * pb;
            grey += y;
            grey2 += y * y;
        }
        digest.update(buffer.array());
        int n = rgb.length;
        double meanGrey = grey / n;
        double std = Math.sqrt(Math.max(0, grey2 / n - meanGrey * meanGrey));
        return new ImageFacts(HexFormat.of().formatHex(digest.digest()), dHash(image), w, h, r / n, g / n, b / n, std);
    }

    /**
     * The difference hash of an image: shrunk to 9×8 grey cells, one bit per horizontal pair.
     *
     * @param image the image
     * @return 64 bits
     */
    public static long dHash(BufferedImage image) {
        BufferedImage small = new BufferedImage(9, 8, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D graphics = small.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        graphics.drawImage(image.getScaledInstance(9, 8, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
        graphics.dispose();
        long bits = 0;
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                int left = small.getRaster().getSample(x, y, 0);
                int right = small.getRaster().getSample(x + 1, y, 0);
                bits = (bits << 1) | (left > right ? 1 : 0);
            }
        }
        return bits;
    }

    /**
     * How many of two difference hashes' 64 bits differ.
     *
     * @param a one hash
     * @param b another
     * @return 0 (same) to 64
     */
    public static int hamming(long a, long b) {
        return Long.bitCount(a ^ b);
    }
}
