package dev.graft.datasets.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image files strictly: the size is checked against a pixel limit before any pixel is
 * decoded (a decompression bomb is refused cheaply), and a decoder warning such as a truncated
 * JPEG is an error, because ImageIO would otherwise return a half-grey image silently.
 */
public final class ImageDecoder {

    /** Default limit: 50 megapixels, far above any dermoscopy or X-ray image users train on. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    private final long maxPixels;

    /**
     * Creates a decoder.
     *
     * @param maxPixels the largest width × height accepted
     */
    public ImageDecoder(long maxPixels) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    /** @return a decoder with {@link #DEFAULT_MAX_PIXELS} */
    public static ImageDecoder standard() {
        return new ImageDecoder(DEFAULT_MAX_PIXELS);
    }

    /** @return the largest width × height this decoder accepts */
    public long maxPixels() {
        return maxPixels;
    }

    /**
     * Reads an image file.
     *
     * @param file the file
     * @return the decoded image
     * @throws IOException naming the file when it is missing, not an image, too large or corrupt
     */
    public BufferedImage decode(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such image file.");
        }
        try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
            if (input == null) {
                throw new IOException(file + ": cannot open the file.");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new IOException(
                        file + ": not a readable image (JPEG, PNG, GIF, BMP are supported).");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels) {
                    throw new IOException(
                            String.format(
                                    "%s: %d×%d = %d pixels exceeds the limit of %d; resize the"
                                            + " image below the limit.",
                                    file,
                                    reader.getWidth(0),
                                    reader.getHeight(0),
                                    pixels,
                                    maxPixels));
                }
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                DecodedRows rows = new DecodedRows();
                reader.addIIOReadUpdateListener(rows);
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new IOException(
                            file + ": corrupt image (" + String.join("; ", warnings) + ").");
                }
                int declared = reader.getHeight(0);
                if (reportsRows(reader) && rows.count() < declared) {
                    throw new IOException(String.format(
                            "%s: corrupt image (it declares %d×%d pixels but holds only %d of its %d lines; the file is"
                                    + " truncated or forged).", file, reader.getWidth(0), declared, rows.count(), declared));
                }
                return image;
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                    throw e;
                }
                throw new IOException(file + ": corrupt image (" + reason(e) + ").", e);
            } catch (RuntimeException e) {
                throw new IOException(file + ": corrupt image (" + reason(e) + ").", e);
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * Whether the reader reports each decoded line (the JDK's GIF, PNG, JPEG and BMP readers do),
     * so that a file holding fewer lines than it declares can be told from a complete one.
     */
    private static boolean reportsRows(ImageReader reader) {
        return reader.getClass().getName().startsWith("com.sun.imageio.plugins.");
    }

    /** A decoder's failure in words: its message, or what kind of failure it was when it has none. */
    private static String reason(Exception e) {
        if (e.getMessage() != null && !e.getMessage().isBlank()) {
            return e.getMessage();
        }
        if (e instanceof java.io.EOFException) {
            return "the file ends before the image does";
        }
        return e.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }
}
