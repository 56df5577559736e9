package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progressive resizing on the command line: a backbone read from a model file is refused in one line, before any data is decoded. */
class ProgressiveResizingCliTest {

    @Test
    void severalImageSizes_withAnOnnxBackbone_areRefusedInOneLineNamingTheArch(@TempDir Path dir) {
        Path data = SharedAssets.require("datasets/hymenoptera");
        Path onnx = SharedAssets.require("weights/mobilenet_v2_int8_onnx/model.onnx");
        GraftCli.Result refused = GraftCli.run("finetune", "--data", data.toString(), "--arch", "onnx-runtime", "--weights",
                onnx.toString(), "--image-size", "96,224", "--resize-epochs", "1", "--epochs", "2", "--out", dir.resolve("run").toString());
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("arch onnx-runtime reads its network from " + onnx + ", whose input side may be fixed, so it"
                + " cannot train at several image sizes; give image-size one side, or use a zoo architecture."), refused.err());
        assertFalse(refused.err().contains("\tat "), "no stack trace: " + refused.err());
        assertFalse(Files.exists(dir.resolve("run/config.yaml")), "a refused run leaves no config");
    }
}
