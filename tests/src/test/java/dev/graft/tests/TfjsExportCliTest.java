package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code graft export --format tfjs} from the command line: bad usage is one line and exit 2, a
 * bad run one line and exit 1; without {@code @tensorflow/tfjs} the model is written and the output
 * says the check was skipped and why; exporting again into the same folder replaces the model and
 * removes shards an earlier export left, leaving no temporary folder behind.
 */
class TfjsExportCliTest {

    @TempDir
    Path dir;

    private static GraftCli.Result refused(int exitCode, String expected, String... args) {
        GraftCli.Result run = GraftCli.run(args);
        assertEquals(exitCode, run.exitCode(), run.out() + run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
        assertTrue(run.err().contains(expected), run.err());
        return run;
    }

    @Test
    void tfjsExport_refusesBadUsageAndBadRuns_andSaysWhenTheCheckIsSkipped() throws Exception {
        Path run = dir.resolve("run");
        GraftCli.Result trained = GraftCli.run(FastFinetune.args(FastFinetune.lesions(dir.resolve("data")), "--epochs", "1",
                "--out", run.toString()));
        assertEquals(0, trained.exitCode(), trained.err());

        refused(2, "unknown --format 'keras'; use onnx or tfjs.", "export", "--run", run.toString(), "--format", "keras");
        refused(2, "--opset applies to --format onnx only.", "export", "--run", run.toString(), "--format", "tfjs", "--opset", "13");
        refused(2, "is one of the run's own files", "export", "--run", run.toString(), "--format", "tfjs", "--out", run.toString());
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        refused(2, "is a file; the TensorFlow.js export writes a folder", "export", "--run", run.toString(), "--format", "tfjs",
                "--out", file.toString());
        refused(1, dir.resolve("missing").toString(), "export", "--run", dir.resolve("missing").toString(), "--format", "tfjs",
                "--out", dir.resolve("web").toString());
        assertFalse(Files.exists(dir.resolve("web")), "nothing written for a bad run");

        Path web = Files.createDirectories(dir.resolve("web"));
        Path stale = Files.writeString(web.resolve("group1-shard9of9.bin"), "old");
        Path empty = Files.createDirectories(dir.resolve("no-tfjs"));
        GraftCli.Result unchecked = GraftCli.runInOwnProcess(Map.of("GRAFT_TFJS_CHECK", empty.toString()), "export", "--run", run.toString(),
                "--format", "tfjs", "--out", web.toString());
        assertEquals(0, unchecked.exitCode(), unchecked.err());
        assertTrue(unchecked.out().contains("TensorFlow.js check skipped: @tensorflow/tfjs 4.22.0 is not installed in " + empty),
                unchecked.out());
        assertFalse(unchecked.out().contains("max_abs_diff"), unchecked.out());
        assertTrue(Files.exists(web.resolve("model.json")), "the model is written unchecked");
        assertFalse(Files.exists(stale), "a shard of an earlier export is removed");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().contains(".checking")).toList());
        }
    }
}
