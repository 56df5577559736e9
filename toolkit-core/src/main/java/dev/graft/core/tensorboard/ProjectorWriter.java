package dev.graft.core.tensorboard;

import dev.graft.datasets.io.AtomicFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Writes a TensorBoard Embedding Projector folder: {@code tensors.tsv} (one vector a row),
 * {@code metadata.tsv} (a {@code label	path} header, then one row per vector in the same order),
 * {@code sprite.png} (the images as thumbnails, row by row) and {@code projector_config.pbtxt}
 * tying them together. Open with {@code tensorboard --logdir DIR}, Projector tab.
 */
public final class ProjectorWriter {

    /** The largest sprite side TensorBoard accepts. */
    private static final int MAX_SPRITE = 8192;

    private ProjectorWriter() {}

    /**
     * Writes the folder.
     *
     * @param dir the folder (created if missing)
     * @param vectors the embeddings, one per image
     * @param labels each image's label (its folder's name)
     * @param images the image files, in the same order
     * @throws IOException if a file cannot be written or an image cannot be read
     */
    public static void write(Path dir, float[][] vectors, List<String> labels, List<Path> images) throws IOException {
        if (vectors.length != labels.size() || vectors.length != images.size()) {
            throw new IllegalArgumentException(vectors.length + " vectors for " + labels.size() + " labels and " + images.size() + " images");
        }
        Files.createDirectories(dir);
        StringBuilder tensors = new StringBuilder();
        for (float[] vector : vectors) {
            for (int j = 0; j < vector.length; j++) {
                tensors.append(j == 0 ? "" : "\t").append(vector[j]);
            }
            tensors.append('\n');
        }
        AtomicFiles.write(dir.resolve("tensors.tsv"), tensors.toString().getBytes(StandardCharsets.UTF_8));
        StringBuilder metadata = new StringBuilder("label\tpath\n");
        for (int i = 0; i < labels.size(); i++) {
            metadata.append(clean(labels.get(i))).append('\t').append(clean(images.get(i).toString())).append('\n');
        }
        AtomicFiles.write(dir.resolve("metadata.tsv"), metadata.toString().getBytes(StandardCharsets.UTF_8));
        int columns = (int) Math.ceil(Math.sqrt(Math.max(1, images.size())));
        int tile = Math.max(8, Math.min(64, MAX_SPRITE / columns));
        AtomicFiles.write(dir.resolve("sprite.png"), TensorBoardLog.png(sprite(images, columns, tile)));
        String config = String.format(Locale.ROOT, "embeddings {%n  tensor_name: \"graft\"%n  tensor_path: \"tensors.tsv\"%n"
                + "  metadata_path: \"metadata.tsv\"%n  sprite {%n    image_path: \"sprite.png\"%n    single_image_dim: %d%n"
                + "    single_image_dim: %d%n  }%n}%n", tile, tile);
        AtomicFiles.write(dir.resolve("projector_config.pbtxt"), config.getBytes(StandardCharsets.UTF_8));
    }

    private static BufferedImage sprite(List<Path> images, int columns, int tile) throws IOException {
        int rows = (images.size() + columns - 1) / columns;
        BufferedImage sprite = new BufferedImage(columns * tile, Math.max(1, rows) * tile, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sprite.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sprite.getWidth(), sprite.getHeight());
        for (int i = 0; i < images.size(); i++) {
            BufferedImage image = ImageIO.read(images.get(i).toFile());
            if (image == null) {
                throw new IOException(images.get(i) + " is not an image Java can read for the projector's sprite.");
            }
            g.drawImage(image, (i % columns) * tile, (i / columns) * tile, tile, tile, null);
        }
        g.dispose();
        return sprite;
    }

    private static String clean(String text) {
        return text.replace('\t', ' ').replace('\n', ' ');
    }
}
