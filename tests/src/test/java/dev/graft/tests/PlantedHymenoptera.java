package dev.graft.tests;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * A copy of ants/bees with planted problems: exact copies and near-duplicates (resized, slightly
 * cropped, re-encoded at JPEG quality 70) of training images placed in val, and a share of
 * training labels flipped (images moved to the other class's folder). Records what it planted.
 */
final class PlantedHymenoptera {

    final Path root;
    /** Training image → its exact copy in val. */
    final List<Path[]> exact = new ArrayList<>();
    /** Training image → its near-duplicate in val. */
    final List<Path[]> near = new ArrayList<>();
    /** Training images now under the wrong class. */
    final Set<Path> flipped = new HashSet<>();

    PlantedHymenoptera(Path source, Path root, int copies, int nearCopies, double flipShare, long seed) throws IOException {
        this.root = root;
        copyTree(source, root);
        List<Path> train = list(root.resolve("train"));
        Random random = new Random(seed);
        Collections.shuffle(train, random);
        Iterator<Path> pick = train.iterator();
        for (int i = 0; i < copies; i++) {
            Path original = pick.next();
            Path copy = root.resolve("val").resolve(original.getParent().getFileName()).resolve("copy" + i + "_" + original.getFileName());
            Files.copy(original, copy);
            exact.add(new Path[] {original, copy});
        }
        for (int i = 0; i < nearCopies; i++) {
            Path original = pick.next();
            Path copy = root.resolve("val").resolve(original.getParent().getFileName()).resolve("near" + i + "_" + original.getFileName());
            writeJpeg(perturb(ImageIO.read(original.toFile()), random), copy, 0.7f);
            near.add(new Path[] {original, copy});
        }
        int flips = (int) Math.round(flipShare * train.size());
        for (int i = 0; i < flips; i++) {
            Path original = pick.next();
            String other = original.getParent().getFileName().toString().equals("ants") ? "bees" : "ants";
            Path moved = root.resolve("train").resolve(other).resolve("flipped" + i + "_" + original.getFileName());
            Files.move(original, moved);
            flipped.add(moved);
        }
    }

    /** Scales to 60–85 % and crops 3–6 % off each side. */
    private static BufferedImage perturb(BufferedImage image, Random random) {
        double scale = 0.6 + 0.25 * random.nextDouble();
        int w = (int) Math.round(image.getWidth() * scale);
        int h = (int) Math.round(image.getHeight() * scale);
        int dx = (int) Math.round(w * (0.03 + 0.03 * random.nextDouble()));
        int dy = (int) Math.round(h * (0.03 + 0.03 * random.nextDouble()));
        BufferedImage resized = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = resized.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        BufferedImage cropped = new BufferedImage(w - 2 * dx, h - 2 * dy, BufferedImage.TYPE_INT_RGB);
        Graphics2D c = cropped.createGraphics();
        c.drawImage(resized, -dx, -dy, null);
        c.dispose();
        return cropped;
    }

    static void writeJpeg(BufferedImage image, Path file, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.sorted().toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return new ArrayList<>(walk.filter(Files::isRegularFile).sorted().toList());
        }
    }
}
