package dev.graft.datasets;

import java.awt.image.BufferedImage;
import java.io.IOException;

/** Where one image's pixels come from: a file on disk or an array already in memory. */
public interface ImageSource {

    /**
     * Decodes the image.
     *
     * @return the image, in any colour model (callers convert to RGB)
     * @throws IOException if the image cannot be read or is corrupt; the message names it
     */
    BufferedImage load() throws IOException;

    /**
     * Returns what a user needs to find this image again: a path, or an array name and index.
     *
     * @return a short description used in errors, reports and prediction files
     */
    String describe();
}
