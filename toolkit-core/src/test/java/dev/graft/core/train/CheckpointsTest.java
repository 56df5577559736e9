package dev.graft.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.io.RunFormatException;
import dev.graft.core.io.VersionedJson;
import dev.graft.core.metric.ClassificationReport;
import dev.graft.core.metric.RegressionReport;
import dev.graft.zoo.weights.TensorData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint state: written with a format_version, and resumable from a state.json written before it. */
class CheckpointsTest {

    /** A multi-task state.json after one epoch, as Graft 0.1.0 wrote it (camelCase keys, no format_version). */
    private static final String VERSION_1 = """
            {
              "completedEpochs" : 1,
              "globalStep" : 7,
              "bestEpoch" : 1,
              "bestValue" : 0.75,
              "epochsWithoutImprovement" : 0,
              "firstEpochLoss" : 1.25,
              "history" : [ {
                "epoch" : 1,
                "trainLoss" : 1.25,
                "trainAccuracy" : 0.5,
                "validation" : {
                  "@score" : "classification",
                  "count" : 4,
                  "accuracy" : 0.75,
                  "balancedAccuracy" : 0.75,
                  "weightedError" : 0.25,
                  "macroF1" : 0.7333333333333334,
                  "auc" : "NaN",
                  "logLoss" : 0.5,
                  "perClass" : [ {
                    "name" : "a",
                    "precision" : 1.0,
                    "recall" : 0.5,
                    "f1" : 0.6666666666666666,
                    "support" : 2
                  }, {
                    "name" : "b",
                    "precision" : 0.6666666666666666,
                    "recall" : 1.0,
                    "f1" : 0.8,
                    "support" : 2
                  } ],
                  "confusion" : [ [ 1, 1 ], [ 0, 2 ] ],
                  "intervals" : { }
                },
                "learningRate" : 0.001,
                "imagesPerSecond" : 100.0,
                "seconds" : 0.5,
                "frozenModules" : 3,
                "tasks" : [ {
                  "task" : "lesionSize",
                  "trainLoss" : 0.8,
                  "validation" : {
                    "@score" : "regression",
                    "count" : 4,
                    "mae" : 0.5,
                    "rmse" : 0.625,
                    "r2" : 0.125,
                    "loss" : 0.4
                  },
                  "lossWeight" : 0.5,
                  "stopped" : false
                } ]
              } ],
              "tasks" : {
                "lesionSize" : {
                  "bestValue" : 0.5,
                  "epochsWithoutImprovement" : 0,
                  "stoppedAfter" : 0
                }
              }
            }""";

    private static final Map<String, TensorData> TENSORS = Map.of("w", new TensorData(new long[] {2}, new float[] {1f, 2f}));

    private static Checkpoints saveOneEpoch(Path dir) throws Exception {
        Checkpoints checkpoints = new Checkpoints(dir);
        checkpoints.save(new TrainingState(1, 7, 1, 0.75, 0, 1.25, List.of()), TENSORS, TENSORS, TENSORS);
        return checkpoints;
    }

    @Test
    void save_writesSnakeCaseStateAfterTheFormatVersion(@TempDir Path dir) throws Exception {
        saveOneEpoch(dir);
        String json = Files.readString(dir.resolve("state.json"));
        assertTrue(json.startsWith("{\n  \"format_version\" : " + VersionedJson.FORMAT_VERSION + ",\n  \"completed_epochs\" : 1,"), json);
        assertTrue(json.contains("\"epochs_without_improvement\"") && !json.contains("completedEpochs"), json);
    }

    @Test
    void load_resumesFromAStateJsonWrittenBeforeFormatVersion(@TempDir Path dir) throws Exception {
        Checkpoints checkpoints = saveOneEpoch(dir);
        Files.writeString(dir.resolve("state.json"), VERSION_1);
        Checkpoints.Saved saved = checkpoints.load().orElseThrow();
        TrainingState state = saved.state();
        assertEquals(1, state.completedEpochs());
        assertEquals(7, state.globalStep());
        assertEquals(0.75, state.bestValue());
        assertEquals(1.25, state.firstEpochLoss());
        assertEquals(new TrainingState.TaskProgress(0.5, 0, 0), state.tasks().get("lesionSize"));
        EpochResult epoch = state.history().get(0);
        assertEquals(3, epoch.frozenModules());
        ClassificationReport validation = epoch.validation();
        assertEquals(0.7333333333333334, validation.macroF1());
        assertTrue(Double.isNaN(validation.auc()));
        assertArrayEquals(new int[] {0, 2}, validation.confusion()[1]);
        assertEquals("b", validation.perClass().get(1).name());
        EpochResult.TaskEpoch task = epoch.tasks().get(0);
        assertEquals(new RegressionReport(4, 0.5, 0.625, 0.125, 0.4), task.validation());
        assertEquals(0.5, task.lossWeight());
        assertArrayEquals(new float[] {1f, 2f}, saved.parameters().get("w").values());
    }

    @Test
    void save_thenLoad_keepsAResumedOldStateIntact(@TempDir Path dir) throws Exception {
        Checkpoints checkpoints = saveOneEpoch(dir);
        Files.writeString(dir.resolve("state.json"), VERSION_1);
        TrainingState old = checkpoints.load().orElseThrow().state();
        checkpoints.save(old, TENSORS, TENSORS, TENSORS);
        String rewritten = Files.readString(dir.resolve("state.json"));
        assertTrue(rewritten.contains("\"balanced_accuracy\" : 0.75") && rewritten.contains("\"lesionSize\" : {"), rewritten);
        TrainingState state = checkpoints.load().orElseThrow().state();
        assertEquals(old.tasks(), state.tasks());
        assertEquals(old.history().get(0).tasks(), state.history().get(0).tasks());
        assertEquals(old.history().get(0).validation().perClass(), state.history().get(0).validation().perClass());
    }

    @Test
    void load_refusesAStateFromANewerGraft(@TempDir Path dir) throws Exception {
        Checkpoints checkpoints = saveOneEpoch(dir);
        Path state = dir.resolve("state.json");
        Files.writeString(state, Files.readString(state).replace("\"format_version\" : " + VersionedJson.FORMAT_VERSION, "\"format_version\" : 7"));
        RunFormatException e = assertThrows(RunFormatException.class, checkpoints::load);
        assertTrue(e.getMessage().startsWith(state + " has format_version 7, written by a newer Graft; Graft "), e.getMessage());
        assertTrue(e.getMessage().contains(" reads versions 1 to " + VersionedJson.FORMAT_VERSION + ". "), e.getMessage());
    }
}
