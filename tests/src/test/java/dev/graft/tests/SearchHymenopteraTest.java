package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** graft search over lr and weight decay on ants vs bees with a frozen MobileNetV2 trunk. */
class SearchHymenopteraTest {

    @Test
    void randomSearch_findsAGoodRate_andItsBestConfigReproducesTheTrial(@TempDir Path dir) throws Exception {
        Path data = SharedAssets.require("datasets/hymenoptera");
        Path weights = SharedAssets.require("weights/mobilenet_v2/weights.safetensors");
        Path spec = dir.resolve("search.yaml");
        Files.writeString(spec, String.join("\n",
                "base:",
                "  data: " + data,
                "  arch: mobilenet_v2",
                "  weights: " + weights,
                "  freeze: all",
                "  image-size: 112",
                "  epochs: 5",
                "  optimizer: sgd",
                "  test-fraction: 0",
                "  device: cpu",
                "strategy: random",
                "trials: 8",
                "seed: 1",
                "space:",
                "  lr: {log-uniform: [1e-5, 1]}",
                "  weight-decay: {log-uniform: [1e-6, 1e-2]}", ""));
        Path out = dir.resolve("search");
        GraftCli.Result result = GraftCli.run("search", "--config", spec.toString(), "--out", out.toString());
        assertEquals(0, result.exitCode(), result.err());

        List<String> rows = Files.readAllLines(out.resolve("trials.csv"));
        assertEquals(9, rows.size(), "a header and 8 trials");
        ObjectMapper json = new ObjectMapper();
        JsonNode summary = json.readTree(out.resolve("summary.json").toFile());
        double best = summary.path("best").path("accuracy").asDouble();
        double worst = rows.stream().skip(1).map(r -> r.split(",")).filter(c -> c[5].equals("ok"))
                .mapToDouble(c -> Double.parseDouble(c[6])).min().orElseThrow();
        assertTrue(best >= 0.88, "best trial val accuracy " + best);
        assertTrue(best - worst >= 0.1, "the rates searched matter: best " + best + ", worst " + worst);
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",");
            assertTrue(!cells[5].equals("ok") || Double.parseDouble(cells[6]) <= best + 1e-6, "no trial beats the reported best: " + row);
        }
        String folder = summary.path("best").path("folder").asText();
        assertTrue(Files.notExists(out.resolve(folder).resolve("checkpoint")), "finished trials keep no checkpoint");

        Path rerun = dir.resolve("rerun");
        GraftCli.Result again = GraftCli.run("finetune", "--config", out.resolve("best.yaml").toString(), "--out", rerun.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(json.readTree(out.resolve(folder).resolve("metrics.json").toFile()),
                json.readTree(rerun.resolve("metrics.json").toFile()), "best.yaml reproduces the best trial exactly");
    }
}
