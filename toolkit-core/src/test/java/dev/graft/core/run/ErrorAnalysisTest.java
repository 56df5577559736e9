package dev.graft.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.core.data.CachedSplit;
import dev.graft.datasets.ImageSource;
import dev.graft.datasets.LabeledImage;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorAnalysisTest {

    /** An image source known only by its name. */
    record Named(String name) implements ImageSource {
        @Override
        public BufferedImage load() {
            return new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        }

        @Override
        public String describe() {
            return name;
        }
    }

    @Test
    void write_ranksMistakesByLossAndSharesErrorsByTrueClass(@TempDir Path dir) throws Exception {
        List<LabeledImage> images = List.of(
                LabeledImage.of(new Named("a.png"), 0), LabeledImage.of(new Named("b,1.png"), 1),
                LabeledImage.of(new Named("c.png"), 1), LabeledImage.of(new Named("d.png"), 0));
        CachedSplit split = new CachedSplit(images, new int[] {0, 1, 1, 0}, new byte[4][3], 1);
        float[][] p = {{0.9f, 0.1f}, {0.6f, 0.4f}, {0.95f, 0.05f}, {0.3f, 0.7f}};
        Map<String, Object> summary = ErrorAnalysis.write(dir.resolve("errors.csv"), List.of("benign", "melanoma"),
                new Predictions(split, p, dev.graft.core.metric.OperatingPoint.ARGMAX));
        List<String> lines = Files.readAllLines(dir.resolve("errors.csv"));
        assertEquals(4, lines.size());
        assertEquals("c.png,melanoma,benign,0.050000,0.950000,2.995732", lines.get(1));
        assertEquals("d.png", lines.get(2).split(",")[0]);
        assertEquals("\"b,1.png\"", lines.get(3).split(",(?=melanoma)")[0]);
        assertEquals(3, summary.get("errors"));
        @SuppressWarnings("unchecked")
        Map<String, Double> shares = (Map<String, Double>) summary.get("share_by_true_class");
        assertEquals(2 / 3.0, shares.get("melanoma"), 1e-12);
        assertEquals(1 / 3.0, shares.get("benign"), 1e-12);
    }
}
