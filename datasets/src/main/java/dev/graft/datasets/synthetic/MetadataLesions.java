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
 * Synthetic lesions whose diagnosis depends on the patient's metadata as well as on the image:
 * a {@code labels.csv} with columns {@code path, label, group, age, site}. The melanoma rate is
 * logistic in age, {@code P(melanoma) = σ(ageEffect · (age − 55) / 15 + site offset)} (head +0.5,
 * trunk 0, arm −0.5, leg 0), and the image shows a lesion whose ABCD attributes give the true
 * diagnosis with probability {@code imageFidelity}, else the other one; so neither the image nor
 * the metadata alone tells the label, and a model that reads both should beat one that reads the
 * image only. Ages are 20 to 85; 5 % of ages and 5 % of sites are left empty (missing). The same
 * arguments give byte-identical files.
 */
public final class MetadataLesions {

    /** The sites, in the order of their offsets. */
    static final String[] SITES = {"head", "trunk", "arm", "leg"};
    private static final double[] SITE_OFFSET = {0.5, 0, -0.5, 0};

    private final int count;
    private final int imageSize;
    private final long seed;
    private final double ageEffect;
    private final double imageFidelity;

    /**
     * Creates a generator.
     *
     * @param count the number of images
     * @param imageSize the image side in pixels
     * @param seed the random seed
     * @param ageEffect the change of the melanoma log-odds per 15 years of age
     * @param imageFidelity the probability that the image shows the true diagnosis, in [0.5, 1]
     */
    public MetadataLesions(int count, int imageSize, long seed, double ageEffect, double imageFidelity) {
        if (count < 2 || imageSize < 16) {
            throw new IllegalArgumentException("need count >= 2 and imageSize >= 16");
        }
        if (!(imageFidelity >= 0.5 && imageFidelity <= 1) || !Double.isFinite(ageEffect)) {
            throw new IllegalArgumentException("imageFidelity must be in [0.5, 1] and ageEffect finite");
        }
        this.count = count;
        this.imageSize = imageSize;
        this.seed = seed;
        this.ageEffect = ageEffect;
        this.imageFidelity = imageFidelity;
    }

    /**
     * The melanoma probability of a patient.
     *
     * @param age the age in years
     * @param site the index into the sites (head, trunk, arm, leg)
     * @return the probability
     */
    double melanomaRate(int age, int site) {
        double logit = ageEffect * (age - 55) / 15.0 + SITE_OFFSET[site];
        return 1 / (1 + Math.exp(-logit));
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
        StringBuilder csv = new StringBuilder("path,label,group,age,site\n");
        for (int i = 0; i < count; i++) {
            int age = 20 + random.nextInt(66);
            int site = random.nextInt(SITES.length);
            boolean melanoma = random.nextDouble() < melanomaRate(age, site);
            boolean looksMelanoma = random.nextDouble() < imageFidelity ? melanoma : !melanoma;
            LesionAttributes a = SyntheticLesions.drawAttributes(random, looksMelanoma);
            BufferedImage image = LesionPainter.paint(a, imageSize, random);
            String name = String.format(Locale.ROOT, "images/lesion_%05d.png", i);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            AtomicFiles.write(out.resolve(name), png.toByteArray());
            String ageCell = random.nextDouble() < 0.05 ? "" : Integer.toString(age);
            String siteCell = random.nextDouble() < 0.05 ? "" : SITES[site];
            csv.append(String.format(Locale.ROOT, "%s,%s,s%d-p%05d,%s,%s\n", name, melanoma ? "melanoma" : "benign", seed, i, ageCell,
                    siteCell));
        }
        Path manifest = out.resolve(SyntheticLesions.MANIFEST);
        AtomicFiles.write(manifest, csv.toString().getBytes(StandardCharsets.UTF_8));
        return manifest;
    }
}
