package dev.graft.datasets.image;

import java.awt.image.BufferedImage;
import java.util.BitSet;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadUpdateListener;

/**
 * Counts the distinct lines an {@link ImageReader} reports as decoded (over all passes of an
 * interlaced or progressive image), so a decoder that stops early is caught instead of leaving
 * the rest of the image blank.
 */
final class DecodedRows implements IIOReadUpdateListener {

    private final BitSet rows = new BitSet();

    /** @return how many distinct lines were decoded */
    int count() {
        return rows.cardinality();
    }

    @Override
    public void imageUpdate(ImageReader source, BufferedImage theImage, int minX, int minY, int width, int height,
            int periodX, int periodY, int[] bands) {
        for (int k = 0; k < height; k++) {
            rows.set(minY + k * Math.max(1, periodY));
        }
    }

    @Override
    public void passStarted(ImageReader source, BufferedImage theImage, int pass, int minPass, int maxPass, int minX,
            int minY, int periodX, int periodY, int[] bands) {}

    @Override
    public void passComplete(ImageReader source, BufferedImage theImage) {}

    @Override
    public void thumbnailPassStarted(ImageReader source, BufferedImage theThumbnail, int pass, int minPass, int maxPass,
            int minX, int minY, int periodX, int periodY, int[] bands) {}

    @Override
    public void thumbnailUpdate(ImageReader source, BufferedImage theThumbnail, int minX, int minY, int width, int height,
            int periodX, int periodY, int[] bands) {}

    @Override
    public void thumbnailPassComplete(ImageReader source, BufferedImage theThumbnail) {}
}
