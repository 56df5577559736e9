package dev.graft.tests;

import static dev.graft.tests.HostileFilesCliTest.assertOneLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.datasets.synthetic.SyntheticLesions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad images through the command line: a truncated GIF or a 35-byte GIF declaring 7000×7000 is
 * corrupt, not a blank image; {@code --skip-bad} counts what it skipped on screen, lists it in
 * the run, and {@code predict} keeps a row with the reason; repeated manifest rows are collapsed
 * or refused. Every refusal is one line naming the file, with exit 1.
 */
class BadImagesCliTest {

    @TempDir
    static Path dir;
    static Path data;
    static Path manifest;
    static Path run;

    /** A 35-byte GIF: a 7000×7000 image descriptor whose pixel data ends at once. */
    static byte[] forgedGif() {
        return new byte[] {'G', 'I', 'F', '8', '9', 'a', 0x58, 0x1b, 0x58, 0x1b, (byte) 0x80, 0, 0, 0, 0, 0, (byte) 255,
            (byte) 255, (byte) 255, 0x2C, 0, 0, 0, 0, 0x58, 0x1b, 0x58, 0x1b, 0, 2, 2, 0x44, 0x01, 0, 0x3B};
    }

    /** A noisy 64×64 GIF whose pixel data is cut after 4 bytes but closed properly, as a careless copy leaves it. */
    static byte[] truncatedGif() throws Exception {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(1);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, random.nextInt(0xFFFFFF));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "gif", out);
        byte[] gif = out.toByteArray();
        int at = 13 + ((gif[10] & 0x80) != 0 ? 3 * (1 << ((gif[10] & 7) + 1)) : 0);
        while (gif[at] == 0x21) {
            at += 2;
            while (gif[at] != 0) {
                at += (gif[at] & 0xFF) + 1;
            }
            at++;
        }
        int data = at + 10 + ((gif[at + 9] & 0x80) != 0 ? 3 * (1 << ((gif[at + 9] & 7) + 1)) : 0) + 1;
        byte[] cut = Arrays.copyOf(gif, data + 1 + 4 + 2);
        cut[data] = 4;
        cut[data + 5] = 0;
        cut[data + 6] = 0x3B;
        return cut;
    }

    @BeforeAll
    static void train() throws Exception {
        data = dir.resolve("data");
        Path generated = new SyntheticLesions(64, 32, 5).generate(data);
        manifest = Files.writeString(generated, Files.readString(generated).replace(",melanoma,", ",\"melanoma, invasive\","));
        run = dir.resolve("run");
        GraftCli.Result trained = GraftCli.run(FastFinetune.args(manifest, "--epochs", "1", "--out", run.toString()));
        assertEquals(0, trained.exitCode(), trained.err());
    }

    /** The manifest with two more rows (labelled benign) for the given image files, which it writes into the data folder. */
    private static Path withBadImages(String name) throws Exception {
        Files.write(data.resolve("images/forged.gif"), forgedGif());
        Files.write(data.resolve("images/truncated.gif"), truncatedGif());
        List<String> rows = new ArrayList<>(Files.readAllLines(manifest));
        rows.add("images/forged.gif,benign,p9001,0,0,1,1");
        rows.add("images/truncated.gif,benign,p9002,0,0,1,1");
        return Files.write(data.resolve(name), rows);
    }

    @Test
    void forgedAndTruncatedGifs_areCorrupt_refusedByName_orSkippedCountedAndListed() throws Exception {
        Path bad = withBadImages("bad.csv");
        Path forged = data.resolve("images/forged.gif").toRealPath();
        assertOneLine(GraftCli.run("evaluate", "--run", run.toString(), "--data", bad.toString()), 1, forged.toString(),
                "corrupt image (it declares 7000×7000 pixels but holds only 0 of its 7000 lines", "--skip-bad");

        GraftCli.Result evaluated = GraftCli.run("evaluate", "--run", run.toString(), "--data", bad.toString(), "--skip-bad");
        assertEquals(0, evaluated.exitCode(), evaluated.err());
        assertTrue(evaluated.err().contains("graft evaluate: skipped 2 images that could not be decoded (--skip-bad): " + forged
                + " (corrupt image (it declares 7000×7000 pixels but holds only 0 of its 7000 lines; the file is truncated or forged)); "),
                evaluated.err());
        assertTrue(evaluated.err().contains("truncated.gif (corrupt image (it declares 64×64 pixels but holds only"), evaluated.err());
        assertTrue(evaluated.err().contains("on 64 images"), "the good images are still evaluated: " + evaluated.err());

        Path out = dir.resolve("skipping");
        GraftCli.Result trained = GraftCli.run(FastFinetune.args(bad, "--epochs", "1", "--skip-bad", "--out", out.toString()));
        assertEquals(0, trained.exitCode(), trained.err());
        assertTrue(trained.err().contains("skipped 2 images that could not be decoded; they are listed under skipped_images in "
                + out.resolve("manifest.json")), trained.err());
        JsonNode skipped = new ObjectMapper().readTree(out.resolve("manifest.json").toFile()).path("skipped_images");
        assertEquals(2, skipped.size(), skipped.toString());
        assertTrue(skipped.toString().contains("forged.gif") && skipped.toString().contains("truncated.gif"), skipped.toString());
    }

    @Test
    void predictSkipBad_keepsARowWithTheReason_andQuotesClassNamesInTheHeader() throws Exception {
        Path bad = withBadImages("predict.csv");
        GraftCli.Result predicted = GraftCli.run("predict", "--run", run.toString(), "--data", bad.toString(), "--skip-bad");
        assertEquals(0, predicted.exitCode(), predicted.err());
        List<String> lines = predicted.out().lines().toList();
        assertEquals("path,predicted,p_benign,\"p_melanoma, invasive\",error", lines.get(0));
        assertEquals(1 + 66, lines.size(), "a row for every image, the skipped ones too");
        String forged = lines.stream().filter(l -> l.contains("forged.gif")).findFirst().orElseThrow();
        assertTrue(forged.matches(".*forged\\.gif,,,,\"?corrupt image \\(it declares 7000×7000.*"), forged);
        assertTrue(lines.get(1).endsWith(","), "a decoded image's error cell is empty: " + lines.get(1));
        assertTrue(predicted.err().contains("graft predict: skipped 2 images that could not be decoded (--skip-bad)")
                && predicted.err().contains("all are listed in the error column of the output"), predicted.err());

        GraftCli.Result strict = GraftCli.run("predict", "--run", run.toString(), data.resolve("images/truncated.gif").toString());
        assertOneLine(strict, 1, "truncated.gif: corrupt image", "pass --skip-bad to leave it out");
    }

    @Test
    void repeatedManifestRows_sameLabelCollapsedWithANote_otherLabelRefusedNamingBothLines() throws Exception {
        List<String> rows = new ArrayList<>(Files.readAllLines(manifest));
        rows.add(rows.get(1));
        rows.add(rows.get(2).replace("images/", "images/./"));
        Path repeated = Files.write(data.resolve("repeated.csv"), rows);
        GraftCli.Result evaluated = GraftCli.run("evaluate", "--run", run.toString(), "--data", repeated.toString());
        assertEquals(0, evaluated.exitCode(), evaluated.err());
        assertTrue(evaluated.err().contains("graft evaluate: " + repeated + ": 2 rows repeat an earlier row's image and label"
                + " (lines 66, 67 repeat lines 2, 3); each image was kept once."), evaluated.err());
        assertTrue(evaluated.err().contains("on 64 images"), evaluated.err());

        List<String> conflicting = new ArrayList<>(Files.readAllLines(manifest));
        String first = conflicting.get(1);
        conflicting.add(first.replace(",benign,", ",\"melanoma, invasive\","));
        Path twoLabels = Files.write(data.resolve("two-labels.csv"), conflicting);
        assertOneLine(GraftCli.run("finetune", "--data", twoLabels.toString(), "--arch", "resnet18", "--device", "cpu", "--out",
                dir.resolve("never").toString()), 1, twoLabels + ":66: image lesion_00000.png is also on line 2 with label 'benign'"
                + " but here has label 'melanoma, invasive'; an image has one label, so remove the wrong row.");
    }
}
