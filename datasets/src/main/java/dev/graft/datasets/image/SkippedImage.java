package dev.graft.datasets.image;

import dev.graft.datasets.LabeledImage;

/**
 * An image the bad-image policy left out, and why.
 *
 * @param image the image left out
 * @param reason why it could not be decoded (the decoder's message, which names the file)
 */
public record SkippedImage(LabeledImage image, String reason) {

    /** @return the file (or other source) as the dataset names it */
    public String file() {
        return image.source().describe();
    }

    /** @return the reason without the file name in front, for a column beside the file */
    public String cause() {
        String prefix = file() + ": ";
        return reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason;
    }
}
