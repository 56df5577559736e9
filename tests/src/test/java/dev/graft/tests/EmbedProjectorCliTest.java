package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code graft embed --tensorboard DIR}: an Embedding Projector folder whose rows match the embedded images. */
class EmbedProjectorCliTest {

    @Test
    void embed_withTensorboard_writesTensorMetadataAndSpriteRowsForEveryImage(@TempDir Path dir) throws Exception {
        Path data = SharedAssets.require("datasets/hymenoptera/val");
        Path weights = SharedAssets.require("weights/mobilenet_v2/weights.safetensors");
        Path projector = dir.resolve("projector");
        GraftCli.Result result = GraftCli.run("embed", "--arch", "mobilenet_v2", "--weights", weights.toString(), "--image-size", "64",
                "--data", data.toString(), "--out", dir.resolve("e.csv").toString(), "--tensorboard", projector.toString());
        assertEquals(0, result.exitCode(), result.err());

        long images;
        try (var walk = Files.walk(data)) {
            images = walk.filter(Files::isRegularFile).count();
        }
        List<String> tensors = Files.readAllLines(projector.resolve("tensors.tsv"));
        List<String> metadata = Files.readAllLines(projector.resolve("metadata.tsv"));
        assertEquals(153, images);
        assertEquals(images, tensors.size(), "one tensor row per image");
        assertEquals(images, metadata.size() - 1, "one metadata row per image after the header");
        assertEquals("label\tpath", metadata.get(0));
        assertEquals(1280, tensors.get(0).split("\t").length, "MobileNetV2 pooled features");
        assertTrue(metadata.stream().skip(1).allMatch(row -> row.startsWith("ants\t") || row.startsWith("bees\t")));
        assertEquals(70, metadata.stream().filter(row -> row.startsWith("ants\t")).count());
        BufferedImage sprite = ImageIO.read(projector.resolve("sprite.png").toFile());
        String config = Files.readString(projector.resolve("projector_config.pbtxt"));
        int tile = Integer.parseInt(config.replaceAll("(?s).*single_image_dim: (\\d+).*", "$1"));
        assertEquals(13 * tile, sprite.getWidth(), "ceil(sqrt(153)) = 13 columns");
        assertTrue(config.contains("tensor_path: \"tensors.tsv\"") && config.contains("metadata_path: \"metadata.tsv\""));
    }
}
