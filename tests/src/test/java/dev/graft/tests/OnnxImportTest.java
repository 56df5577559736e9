package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.zoo.weights.SafetensorsReader;
import dev.graft.zoo.weights.StateDict;
import dev.graft.zoo.weights.TensorData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SqueezeNet 1.1 exported to ONNX by PyTorch, rebuilt by Graft as trainable blocks: exact, cuttable, fine-tunable. */
class OnnxImportTest {

    @Test
    void pytorchExportedOnnx_reproducesTheReferenceOutputs() {
        Path onnx = SharedAssets.require("weights/squeezenet1_1/model.onnx");
        Path reference = SharedAssets.require("weights/squeezenet1_1/reference");
        GraftCli.Result result = GraftCli.run("zoo", "verify", "--arch", "onnx", "--weights", onnx.toString(),
                "--reference", reference.toString());
        assertEquals(0, result.exitCode(), result.out() + result.err());
        double worst = result.out().lines().filter(l -> l.contains("rel_diff=")).mapToDouble(l -> Double.parseDouble(
                l.substring(l.indexOf("rel_diff=") + 9).trim())).max().orElseThrow();
        assertTrue(worst <= 1e-5, result.out());
    }

    @Test
    void onnxBackbone_cutAtANode_finetunesAntsVsBees_trainingOnlyTheUnfrozenNodes(@TempDir Path dir) throws Exception {
        Path data = SharedAssets.require("datasets/hymenoptera");
        Path onnx = SharedAssets.require("weights/squeezenet1_1/model.onnx");
        Path run = dir.resolve("run");
        GraftCli.Result trained = GraftCli.run("finetune", "--data", data.toString(), "--arch", "onnx", "--weights", onnx.toString(),
                "--cut", "pool", "--freeze", "/features/features.10/Concat", "--head", "mlp", "--hidden", "256", "--dropout", "0.3",
                "--lr", "0.003", "--epochs", "3", "--patience", "0", "--test-fraction", "0", "--device", "cpu", "--out", run.toString());
        assertEquals(0, trained.exitCode(), trained.err());
        double accuracy = new ObjectMapper().readTree(run.resolve("metrics.json").toFile()).path("val").path("accuracy").asDouble();
        assertTrue(accuracy >= 0.90, "val accuracy " + accuracy);

        StateDict model = new SafetensorsReader().read(run.resolve("model.safetensors"));
        Map<String, TensorData> tensors = model.tensors();
        float[] frozenOriginal = null;
        float[] frozenAfter = null;
        float[] tunedAfter = null;
        for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
            if (e.getKey().contains("features.10.expand3x3.Conv") && e.getKey().endsWith(".weight")) {
                frozenAfter = e.getValue().values();
            }
            if (e.getKey().contains("features.12.expand3x3.Conv") && e.getKey().endsWith(".weight")) {
                tunedAfter = e.getValue().values();
            }
        }
        StateDict original = new SafetensorsReader().read(SharedAssets.require("weights/squeezenet1_1/weights.safetensors"));
        frozenOriginal = original.tensors().get("features.10.expand3x3.weight").values();
        float[] tunedOriginal = original.tensors().get("features.12.expand3x3.weight").values();
        assertArrayEquals(frozenOriginal, frozenAfter, "a frozen node keeps the file's weights bit for bit");
        assertFalse(Arrays.equals(tunedOriginal, tunedAfter), "an unfrozen node was fine-tuned");

        GraftCli.Result evaluated = GraftCli.run("evaluate", "--run", run.toString(), "--data", data.resolve("val").toString());
        assertEquals(0, evaluated.exitCode(), evaluated.err());
        assertEquals(accuracy, new ObjectMapper().readTree(evaluated.out()).path("accuracy").asDouble(), 1e-9);

        GraftCli.Result exported = GraftCli.run("export", "--run", run.toString());
        assertEquals(0, exported.exitCode(), "the imported, fine-tuned network exports back to ONNX: " + exported.err());
        double diff = Double.parseDouble(exported.out().replaceAll("(?s).*max_abs_diff=(\\S+).*", "$1"));
        assertTrue(diff <= 1e-4, exported.out());
    }

    @Test
    void anOnnxBackbone_isReadOncePerFileVersion(@TempDir Path dir) throws Exception {
        Path onnx = SharedAssets.require("weights/squeezenet1_1/model.onnx");
        var first = dev.graft.core.model.Architectures.resolve("onnx", onnx.toString());
        assertTrue(first == dev.graft.core.model.Architectures.resolve("onnx", onnx.toString()), "the same file is parsed once");
        Path copy = java.nio.file.Files.copy(onnx, dir.resolve("copy.onnx"));
        assertTrue(first != dev.graft.core.model.Architectures.resolve("onnx", copy.toString()), "another file is read anew");
    }

    @Test
    void unknownOperator_isReportedByNameAndNode() {
        Path int8 = SharedAssets.require("weights/mobilenet_v2_int8_onnx/model.onnx");
        GraftCli.Result result = GraftCli.run("zoo", "verify", "--arch", "onnx", "--weights", int8.toString(),
                "--reference", int8.getParent().toString());
        assertNotEquals(0, result.exitCode());
        assertTrue(result.err().contains("node 'input_QuantizeLinear' (QuantizeLinear)") && result.err().contains("onnx-runtime"),
                result.err());
        assertFalse(result.err().contains("\tat "), "no stack trace: " + result.err());
    }
}
