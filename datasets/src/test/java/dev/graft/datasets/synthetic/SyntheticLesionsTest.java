package dev.graft.datasets.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.LabeledImage;
import dev.graft.datasets.image.ImageDecoder;
import dev.graft.datasets.io.CsvManifestReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticLesionsTest {

    @Test
    void generate_sameSeed_isByteIdentical_otherSeedDiffers(@TempDir Path dir) throws Exception {
        Path a = new SyntheticLesions(12, 48, 5).generate(dir.resolve("a"));
        Path b = new SyntheticLesions(12, 48, 5).generate(dir.resolve("b"));
        Path c = new SyntheticLesions(12, 48, 6).generate(dir.resolve("c"));
        assertEquals(Files.readString(a), Files.readString(b));
        for (int i = 0; i < 12; i++) {
            String name = String.format("images/lesion_%05d.png", i);
            assertArrayEquals(Files.readAllBytes(a.resolveSibling(name)), Files.readAllBytes(b.resolveSibling(name)));
        }
        assertFalse(Files.readString(a).equals(Files.readString(c)));
    }

    @Test
    void generate_labelsFollowAbcdRule_andAreBalanced(@TempDir Path dir) throws Exception {
        Path manifest = new SyntheticLesions(40, 32, 9).generate(dir);
        ImageDataset data = CsvManifestReader.standard(ImageDecoder.standard()).read(manifest);
        assertEquals(java.util.List.of("benign", "melanoma"), data.classNames());
        assertArrayEquals(new int[] {20, 20}, data.classCounts());
        for (LabeledImage image : data.images()) {
            LesionAttributes a = new LesionAttributes(
                    Integer.parseInt(image.attributes().get("asymmetry")),
                    Integer.parseInt(image.attributes().get("border")),
                    Integer.parseInt(image.attributes().get("colors")),
                    Integer.parseInt(image.attributes().get("diameter")));
            assertEquals(a.melanoma() ? 1 : 0, image.label());
            assertTrue(image.group().startsWith("p"));
            assertEquals(32, image.source().load().getWidth());
        }
    }
}
