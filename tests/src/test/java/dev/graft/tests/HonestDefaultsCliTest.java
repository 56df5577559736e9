package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults that say what they do: a random backbone is named as such, and given val data every training image trains. */
class HonestDefaultsCliTest {

    @Test
    void embedWithoutWeights_warnsTheBackboneIsRandom(@TempDir Path dir) throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        Path ants = SharedAssets.require("datasets/hymenoptera/val/ants");
        try (var files = Files.list(ants)) {
            for (Path f : files.sorted().limit(2).toList()) {
                Files.copy(f, images.resolve(f.getFileName()));
            }
        }
        GraftCli.Result result = GraftCli.run("embed", "--arch", "mobilenet_v2", "--data", images.toString(), "--image-size", "64",
                "--out", dir.resolve("x.csv").toString());
        assertEquals(0, result.exitCode(), result.err());
        assertEquals(1, result.err().lines().filter(l -> l.contains("backbone starts from random weights")).count(), result.err());
        assertTrue(result.err().contains("graft zoo list"), result.err());
        assertEquals(2, Files.readAllLines(dir.resolve("x.csv")).stream().filter(l -> !l.isBlank()).count() - 1);

        Path weights = SharedAssets.require("weights/mobilenet_v2/weights.safetensors");
        GraftCli.Result pretrained = GraftCli.run("embed", "--arch", "mobilenet_v2", "--weights", weights.toString(), "--data",
                images.toString(), "--image-size", "64", "--out", dir.resolve("y.csv").toString());
        assertEquals(0, pretrained.exitCode(), pretrained.err());
        assertFalse(pretrained.err().contains("random"), pretrained.err());
    }

    @Test
    void finetuneWithValAndNoTest_trainsOnAllTrainingImages(@TempDir Path dir) throws Exception {
        Path data = SharedAssets.require("datasets/hymenoptera");
        Path weights = SharedAssets.require("weights/mobilenet_v2/weights.safetensors");
        Path out = dir.resolve("run");
        GraftCli.Result result = GraftCli.run("finetune", "--data", data.toString(), "--arch", "mobilenet_v2", "--weights",
                weights.toString(), "--image-size", "64", "--epochs", "1", "--device", "cpu", "--out", out.toString());
        assertEquals(0, result.exitCode(), result.err());
        JsonNode splits = new ObjectMapper().readTree(out.resolve("manifest.json").toFile()).get("splits");
        assertEquals(245, splits.get("train").get("count").asInt(), splits.toString());
        assertEquals(153, splits.get("val").get("count").asInt(), splits.toString());
        assertTrue(splits.get("test") == null || splits.get("test").get("count").asInt() == 0, splits.toString());
        assertTrue(result.err().contains("all 245 training images train"), result.err());
        assertTrue(result.out().contains("test none (no test set"), result.out());
        assertTrue(result.out().contains("report " + out.resolve("report.html")), result.out());
        assertNull(new ObjectMapper().readTree(out.resolve("metrics.json").toFile()).get("test").textValue());

        GraftCli.Result carved = GraftCli.run("finetune", "--data", data.toString(), "--arch", "mobilenet_v2", "--weights",
                weights.toString(), "--image-size", "64", "--epochs", "1", "--test-fraction", "0.15", "--device", "cpu", "--out",
                dir.resolve("carved").toString());
        assertEquals(0, carved.exitCode(), carved.err());
        JsonNode carvedSplits = new ObjectMapper().readTree(dir.resolve("carved/manifest.json").toFile()).get("splits");
        assertEquals(245, carvedSplits.get("train").get("count").asInt() + carvedSplits.get("test").get("count").asInt());
        assertTrue(carvedSplits.get("test").get("count").asInt() > 30, carvedSplits.toString());
        assertTrue(carved.out().matches("(?s).*test accuracy [0-9.]+ \\(95% CI [0-9.]+-[0-9.]+\\) on \\d+ images.*"), carved.out());
    }
}
