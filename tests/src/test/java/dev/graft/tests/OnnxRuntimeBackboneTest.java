package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The int8-quantized MobileNetV2 ONNX file, which Graft cannot rebuild as blocks, as a frozen feature extractor in ONNX Runtime. */
class OnnxRuntimeBackboneTest {

    @Test
    void quantizedOnnxModel_extractsFeaturesForAHeadThatSeparatesAntsFromBees(@TempDir Path dir) throws Exception {
        Path data = SharedAssets.require("datasets/hymenoptera");
        Path onnx = SharedAssets.require("weights/mobilenet_v2_int8_onnx/model.onnx");
        Path run = dir.resolve("run");
        GraftCli.Result trained = GraftCli.run("finetune", "--data", data.toString(), "--arch", "onnx-runtime",
                "--weights", onnx.toString(), "--freeze", "all", "--epochs", "6", "--test-fraction", "0", "--device", "cpu",
                "--out", run.toString());
        assertEquals(0, trained.exitCode(), trained.err());
        JsonNode metrics = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
        double accuracy = metrics.path("val").path("accuracy").asDouble();
        assertTrue(accuracy >= 0.90, "val accuracy " + accuracy);

        GraftCli.Result evaluated = GraftCli.run("evaluate", "--run", run.toString(), "--data", data.resolve("val").toString());
        assertEquals(0, evaluated.exitCode(), evaluated.err());
        assertEquals(accuracy, new ObjectMapper().readTree(evaluated.out()).path("accuracy").asDouble(), 1e-9,
                "the run reloads from its own copy of the backbone");

        GraftCli.Result unfrozen = GraftCli.run("finetune", "--data", data.toString(), "--arch", "onnx-runtime",
                "--weights", onnx.toString(), "--freeze", "none", "--epochs", "1", "--out", dir.resolve("bad").toString());
        assertNotEquals(0, unfrozen.exitCode());
        assertTrue(unfrozen.err().contains("freeze all"), unfrozen.err());
    }
}
