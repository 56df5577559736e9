package dev.graft.datasets.io;

import dev.graft.datasets.ImageSource;
import java.awt.image.BufferedImage;

/**
 * One image inside an NPZ array of shape {@code [n, h, w]} (grayscale) or {@code [n, h, w, 3]}
 * (RGB), uint8, as MedMNIST stores them.
 *
 * @param array the whole image array
 * @param name the array's name in the archive, for messages
 * @param index which image
 */
public record ArrayImage(NpyArray array, String name, int index) implements ImageSource {

    @Override
    public BufferedImage load() {
        long[] shape = array.shape();
        int h = (int) shape[1];
        int w = (int) shape[2];
        int channels = shape.length == 4 ? (int) shape[3] : 1;
        long base = (long) index * h * w * channels;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                long at = base + ((long) y * w + x) * channels;
                int r = (int) array.get(at);
                int g = channels == 3 ? (int) array.get(at + 1) : r;
                int b = channels == 3 ? (int) array.get(at + 2) : r;
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    @Override
    public String describe() {
        return name + "[" + index + "]";
    }
}
