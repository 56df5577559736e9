package dev.graft.datasets.synthetic;

import dev.graft.datasets.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Generates a synthetic dermoscopy-like dataset for the embedded demo and tests: PNG images and a
 * {@code labels.csv} manifest with columns {@code path, label, group, asymmetry, border, colors,
 * diameter}. The label ({@code benign} or {@code melanoma}) follows the ABCD rule from the
 * attributes, which are written too so they can serve as auxiliary tasks. Classes are balanced;
 * each patient (group) has one to three lesions. The same seed gives byte-identical files.
 */
public final class SyntheticLesions {

    /** The manifest's file name. */
    public static final String MANIFEST = "labels.csv";

    private final int count;
    private final int imageSize;
    private final long seed;

    /**
     * Creates a generator.
     *
     * @param count the number of images
     * @param imageSize the side of the square images in pixels
     * @param seed the random seed
     */
    public SyntheticLesions(int count, int imageSize, long seed) {
        if (count < 2 || imageSize < 16) {
            throw new IllegalArgumentException("need count >= 2 and imageSize >= 16");
        }
        this.count = count;
        this.imageSize = imageSize;
        this.seed = seed;
    }

    /**
     * Draws the attributes of lesion {@code i}: even indices are benign, odd melanoma; attributes
     * are drawn at random until the ABCD rule gives that class.
     *
     * @param random the generator's random stream
     * @param melanoma the wanted class
     * @return attributes whose TDS gives that class
     */
    static LesionAttributes drawAttributes(Random random, boolean melanoma) {
        while (true) {
            LesionAttributes a =
                    new LesionAttributes(
                            random.nextInt(3),
                            random.nextInt(9),
                            1 + random.nextInt(6),
                            1 + random.nextInt(5));
            if (a.melanoma() == melanoma) {
                return a;
            }
        }
    }

    /**
     * Writes the images and the manifest.
     *
     * @param out the output folder (created if needed)
     * @return the manifest path
     * @throws IOException if writing fails
     */
    public Path generate(Path out) throws IOException {
        Files.createDirectories(out.resolve("images"));
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("path,label,group,asymmetry,border,colors,diameter\n");
        int patient = 0;
        int lesionsLeft = 0;
        for (int i = 0; i < count; i++) {
            if (lesionsLeft == 0) {
                patient++;
                lesionsLeft = 1 + random.nextInt(3);
            }
            lesionsLeft--;
            boolean melanoma = i % 2 == 1;
            LesionAttributes a = drawAttributes(random, melanoma);
            BufferedImage image = LesionPainter.paint(a, imageSize, random);
            String name = String.format(Locale.ROOT, "images/lesion_%05d.png", i);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            AtomicFiles.write(out.resolve(name), png.toByteArray());
            csv.append(
                    String.format(
                            Locale.ROOT,
                            "%s,%s,p%04d,%d,%d,%d,%d\n",
                            name,
                            melanoma ? "melanoma" : "benign",
                            patient,
                            a.asymmetry(),
                            a.border(),
                            a.colors(),
                            a.diameter()));
        }
        Path manifest = out.resolve(MANIFEST);
        AtomicFiles.write(manifest, csv.toString().getBytes(StandardCharsets.UTF_8));
        return manifest;
    }
}
