package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.zoo.weights.SafetensorsReader;
import dev.graft.zoo.weights.StateDict;
import dev.graft.zoo.weights.TensorData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** graft finetune on ants vs bees with the shared ImageNet MobileNetV2 weights, trunk frozen. */
class FinetuneHymenopteraTest {

    @Test
    void frozenTrunk_reachesAccuracy_andKeepsTrunkWeightsAndStatisticsBitIdentical(@TempDir Path out) throws Exception {
        Path data = SharedAssets.require("datasets/hymenoptera");
        Path weights = SharedAssets.require("weights/mobilenet_v2/weights.safetensors");
        GraftCli.Result result = GraftCli.run("finetune", "--data", data.toString(), "--arch", "mobilenet_v2",
                "--weights", weights.toString(), "--freeze", "all", "--epochs", "8", "--lr", "0.01",
                "--test-fraction", "0", "--device", "cpu", "--out", out.toString());
        assertEquals(0, result.exitCode(), result.err());

        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        double accuracy = metrics.path("val").path("accuracy").asDouble();
        assertTrue(accuracy >= 0.93, "val accuracy " + accuracy);
        assertEquals(153, metrics.path("val").path("count").asInt());

        StateDict source = new SafetensorsReader().read(weights);
        StateDict trained = new SafetensorsReader().read(out.resolve("model.safetensors"));
        int compared = 0;
        for (Map.Entry<String, TensorData> entry : trained.tensors().entrySet()) {
            if (entry.getKey().startsWith("head.")) {
                continue;
            }
            TensorData original = source.tensors().get(entry.getKey());
            assertArrayEquals(original.values(), entry.getValue().values(), entry.getKey() + " changed");
            compared++;
        }
        long expected = source.tensors().keySet().stream()
                .filter(n -> !n.endsWith("num_batches_tracked") && !n.startsWith("classifier.")).count();
        assertEquals(260, expected);
        assertEquals(expected, compared, "every trunk weight, bias and BatchNorm statistic");
        for (String file : new String[] {"config.yaml", "manifest.json", "history.csv", "report.html"}) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
    }
}
