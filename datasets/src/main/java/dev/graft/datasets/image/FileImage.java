package dev.graft.datasets.image;

import dev.graft.datasets.ImageSource;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An image file on disk, decoded on demand.
 *
 * @param path the file
 * @param decoder the decoder that enforces the pixel limit and refuses corrupt files
 */
public record FileImage(Path path, ImageDecoder decoder) implements ImageSource {

    @Override
    public BufferedImage load() throws IOException {
        return decoder.decode(path);
    }

    @Override
    public String describe() {
        return path.toString();
    }
}
