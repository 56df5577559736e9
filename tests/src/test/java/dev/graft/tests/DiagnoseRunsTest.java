package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code graft diagnose} on real runs built to have one problem each: a model that memorises
 * random labels (variance), a linear head on features that cannot see the label (avoidable bias),
 * and validation images from another distribution than training (data mismatch). The trunk is a
 * frozen, randomly initialised ResNet-18 at 32², so each run takes seconds and needs no assets.
 */
class DiagnoseRunsTest {

    /** Paints one 32² image of a class. */
    interface Painter {
        BufferedImage paint(Random random, int label);
    }

    /** Red-ish or blue-ish noise: easy for any features that see colour. */
    static BufferedImage colour(Random random, int label) {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int strong = 150 + random.nextInt(100);
                int weak = random.nextInt(100);
                int green = random.nextInt(120);
                image.setRGB(x, y, label == 0 ? new Color(strong, green, weak).getRGB() : new Color(weak, green, strong).getRGB());
            }
        }
        return image;
    }

    /** Random coloured rectangles, whatever the class: every image differs, none says its class. */
    static BufferedImage patchwork(Random random, int label) {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        for (int i = 0; i < 8; i++) {
            g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
            g.fillRect(random.nextInt(32), random.nextInt(32), 4 + random.nextInt(16), 4 + random.nextInt(16));
        }
        g.dispose();
        return image;
    }

    /** The colour images in grayscale: the same classes, from another distribution. */
    static BufferedImage grayColour(Random random, int label) {
        BufferedImage rgb = colour(random, label);
        BufferedImage gray = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                Color c = new Color(rgb.getRGB(x, y));
                int v = (c.getRed() + c.getGreen() + c.getBlue()) / 3;
                gray.setRGB(x, y, new Color(v, v, v).getRGB());
            }
        }
        return gray;
    }

    /**
     * A blob of random size and colour in the top-left (class 0) or bottom-right quarter (class
     * 1), away from the border: obvious to a person, invisible to globally pooled features.
     */
    static BufferedImage quarter(Random random, int label) {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, 32, 32);
        g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
        int size = 4 + random.nextInt(5);
        int offset = label == 0 ? 4 : 16;
        g.fillOval(offset + random.nextInt(12 - size + 1), offset + random.nextInt(12 - size + 1), size, size);
        g.dispose();
        return image;
    }

    /** Writes {@code count} images and a {@code labels.csv}; labels are random when {@code shuffleLabels}. */
    static Path write(Path dir, int count, long seed, Painter painter, boolean shuffleLabels) throws Exception {
        Files.createDirectories(dir);
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>(List.of("path,label"));
        for (int i = 0; i < count; i++) {
            int label = i % 2;
            String name = "img" + i + ".png";
            ImageIO.write(painter.paint(random, label), "png", dir.resolve(name).toFile());
            int written = shuffleLabels ? random.nextInt(2) : label;
            lines.add(name + "," + (written == 0 ? "a" : "b"));
        }
        Path csv = dir.resolve("labels.csv");
        Files.write(csv, lines);
        return csv;
    }

    private static JsonNode finetuneAndDiagnose(Path out, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("finetune", "--arch", "resnet18", "--image-size", "32", "--resize", "32",
                "--freeze", "all", "--train-val-fraction", "0.3", "--test-fraction", "0", "--device", "cpu", "--out", out.toString()));
        args.addAll(List.of(extra));
        GraftCli.Result trained = GraftCli.run(args.toArray(String[]::new));
        assertEquals(0, trained.exitCode(), trained.err());
        GraftCli.Result diagnosed = GraftCli.run("diagnose", "--run", out.toString(), "--human-error", "0");
        assertEquals(0, diagnosed.exitCode(), diagnosed.err());
        return new ObjectMapper().readTree(out.resolve("diagnosis.json").toFile());
    }

    @Test
    void memorisedRandomLabels_areDiagnosedAsVariance(@TempDir Path dir) throws Exception {
        Path data = write(dir.resolve("data"), 200, 1, DiagnoseRunsTest::patchwork, true);
        JsonNode d = finetuneAndDiagnose(dir.resolve("run"), "--data", data.toString(), "--cut", "layer1", "--head", "mlp",
                "--hidden", "1024", "--epochs", "150", "--lr", "0.01", "--optimizer", "adam", "--weight-decay", "0",
                "--patience", "0", "--keep-weights", "last", "--schedule", "constant");
        assertEquals("variance", d.path("problem").asText(), d.toString());
        assertTrue(d.path("train_error").asDouble() < 0.15, "the random labels were memorised: " + d);
        assertTrue(d.path("gaps").path("variance").asDouble() > 0.25, d.toString());
    }

    @Test
    void linearHeadThatCannotSeeTheLabel_isDiagnosedAsBias(@TempDir Path dir) throws Exception {
        Path data = write(dir.resolve("data"), 300, 2, DiagnoseRunsTest::quarter, false);
        JsonNode d = finetuneAndDiagnose(dir.resolve("run"), "--data", data.toString(), "--cut", "stem",
                "--epochs", "20", "--lr", "0.01");
        assertEquals("avoidable_bias", d.path("problem").asText(), d.toString());
        assertTrue(d.path("train_error").asDouble() > 0.3, "a person sees the quarter at once; the model cannot: " + d);
    }

    @Test
    void validationFromAnotherDistribution_isDiagnosedAsMismatch(@TempDir Path dir) throws Exception {
        Path train = write(dir.resolve("train"), 200, 3, DiagnoseRunsTest::colour, false);
        Path val = write(dir.resolve("val"), 100, 4, DiagnoseRunsTest::grayColour, false);
        JsonNode d = finetuneAndDiagnose(dir.resolve("run"), "--data", train.toString(), "--val", val.toString(),
                "--cut", "stem", "--epochs", "10", "--lr", "0.01", "--keep-weights", "last");
        assertEquals("data_mismatch", d.path("problem").asText(), d.toString());
        assertTrue(d.path("train_val_error").asDouble() < 0.05, "train-val, from the training distribution, is easy: " + d);
        assertTrue(d.path("gaps").path("data_mismatch").asDouble() > 0.3, d.toString());
    }
}
