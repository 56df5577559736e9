package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * djl:// URLs go through DJL's repository API: offline they fail fast naming the URL; a local zoo
 * directory (file: URL) goes through the same code path and verifies.
 */
class DjlZooWeightsTest {

    @Test
    void djlUrl_offline_failsWithinTenSecondsNamingTheUrl() {
        Path reference = SharedAssets.require("parity/resnet18/reference");
        long start = System.nanoTime();
        GraftCli.Result result =
                GraftCli.run("zoo", "verify", "--arch", "resnet18", "--weights", "djl://ai.djl.pytorch/resnet18",
                        "--reference", reference.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(1, result.exitCode(), result.out());
        assertTrue(result.err().contains("djl://ai.djl.pytorch/resnet18"), result.err());
        assertTrue(result.err().contains("local weights file"), result.err());
        assertTrue(seconds < 10, "took " + seconds + " s");
    }

    @Test
    void localZooDirectory_loadsThroughRepositoryApiAndVerifies(@TempDir Path zoo) throws Exception {
        Path model = SharedAssets.require("weights/squeezenet1_1/model.pt");
        Path reference = SharedAssets.require("weights/squeezenet1_1/reference");
        Path artifact = Files.createDirectories(zoo.resolve("squeezenet1_1"));
        Files.copy(model, artifact.resolve("squeezenet1_1.pt"));
        GraftCli.Result result =
                GraftCli.run("zoo", "verify", "--arch", "squeezenet1_1", "--weights", artifact.toUri().toString(),
                        "--reference", reference.toString());
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("loaded 52 tensors"), result.out());
        for (double rel : ZooVerifyTest.relDiffs(result.out())) {
            assertTrue(rel <= 1e-5, result.out());
        }
    }
}
