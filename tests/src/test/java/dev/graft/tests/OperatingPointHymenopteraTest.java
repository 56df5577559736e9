package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A decision threshold chosen on validation for a target recall is stored in the run and used by predict. */
class OperatingPointHymenopteraTest {

    @Test
    void thresholdForRecall_isStored_andPredictUsesIt(@TempDir Path dir) throws Exception {
        Path data = SharedAssets.require("datasets/hymenoptera");
        Path weights = SharedAssets.require("weights/mobilenet_v2/weights.safetensors");
        Path run = dir.resolve("run");
        GraftCli.Result trained = GraftCli.run("finetune", "--data", data.toString(), "--arch", "mobilenet_v2",
                "--weights", weights.toString(), "--freeze", "all", "--image-size", "112", "--epochs", "5",
                "--test-fraction", "0", "--target-recall", "0.9", "--positive", "bees", "--device", "cpu", "--out", run.toString());
        assertEquals(0, trained.exitCode(), trained.err());
        ObjectMapper json = new ObjectMapper();
        JsonNode metrics = json.readTree(run.resolve("metrics.json").toFile());
        double threshold = metrics.path("operating_point").path("threshold").asDouble();
        assertEquals("bees", metrics.path("operating_point").path("positive").asText());
        assertTrue(metrics.path("val").path("per_class").path("bees").path("recall").asDouble() >= 0.9, metrics.path("val").toString());
        assertEquals(threshold, json.readTree(run.resolve("model.json").toFile()).path("operatingPoint").path("threshold").asDouble());

        GraftCli.Result predicted = GraftCli.run("predict", "--run", run.toString(), "--data", data.resolve("val").toString());
        assertEquals(0, predicted.exitCode(), predicted.err());
        List<String> rows = predicted.out().lines().skip(1).toList();
        assertEquals(153, rows.size());
        int beesBelowHalf = 0;
        int beesPredicted = 0;
        for (String row : rows) {
            String[] cells = row.split(",");
            double pBees = Double.parseDouble(cells[3]);
            if (Math.abs(pBees - threshold) > 1e-6) {
                assertEquals(pBees > threshold ? "bees" : "ants", cells[1], row + " (CSV probabilities have 6 decimals)");
            }
            beesPredicted += cells[1].equals("bees") ? 1 : 0;
            beesBelowHalf += cells[1].equals("bees") && pBees < 0.5 ? 1 : 0;
        }
        assertTrue(threshold >= 0.5 || beesBelowHalf > 0, "threshold " + threshold + " was applied, not argmax");
        assertTrue(beesPredicted >= 0.9 * 83, "at least 90% of the 83 bees are flagged: " + beesPredicted);
    }
}
