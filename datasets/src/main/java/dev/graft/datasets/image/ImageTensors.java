package dev.graft.datasets.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Turns decoded images into the float CHW arrays networks take: any colour model (grayscale,
 * palette, alpha) becomes 3-channel RGB, the shorter side is resized, the centre is cropped, and
 * pixels are scaled to [0, 1].
 */
public final class ImageTensors {

    private ImageTensors() {}

    /**
     * Converts any image to 8-bit RGB; grayscale becomes three equal channels.
     *
     * @param image the image
     * @return an image of type {@link BufferedImage#TYPE_INT_RGB}
     */
    public static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb =
                new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    /**
     * Resizes so the shorter side is {@code resize}, then crops the centre {@code crop}×{@code
     * crop} (the ImageNet evaluation recipe: 256 then 224).
     *
     * @param image the image
     * @param resize the shorter side after resizing
     * @param crop the output side
     * @return the resized, cropped RGB image
     */
    public static BufferedImage resizeAndCrop(BufferedImage image, int resize, int crop) {
        if (crop > resize) {
            throw new IllegalArgumentException(
                    "crop " + crop + " must not exceed resize " + resize);
        }
        int w = image.getWidth();
        int h = image.getHeight();
        double scale = (double) resize / Math.min(w, h);
        int newW = Math.max(resize, (int) Math.round(w * scale));
        int newH = Math.max(resize, (int) Math.round(h * scale));
        BufferedImage out = new BufferedImage(crop, crop, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            int x0 = (newW - crop) / 2;
            int y0 = (newH - crop) / 2;
            g.drawImage(image, -x0, -y0, newW, newH, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Writes an RGB image as CHW floats in [0, 1].
     *
     * @param image an image of any type (converted to RGB)
     * @return {@code 3 × height × width} values, channel-major
     */
    public static float[] toChw(BufferedImage image) {
        BufferedImage rgb = toRgb(image);
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        int plane = w * h;
        int[] pixels = rgb.getRGB(0, 0, w, h, null, 0, w);
        float[] chw = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            int p = pixels[i];
            chw[i] = ((p >> 16) & 0xFF) / 255f;
            chw[plane + i] = ((p >> 8) & 0xFF) / 255f;
            chw[2 * plane + i] = (p & 0xFF) / 255f;
        }
        return chw;
    }
}
