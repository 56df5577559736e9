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
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint state: written with a format_version, and resumable from a state.json written before it. */
class CheckpointsTest {

    private static final Map<String, TensorData> TENSORS = Map.of("w", new TensorData(new long[] {2}, new float[] {1f, 2f}));

    /** Copies a file as Graft 0.1.0 wrote it (camelCase keys, no format_version) from this test's resources. */
    private static void copyFormat1(String resource, Path target) throws Exception {
        try (var in = CheckpointsTest.class.getResourceAsStream(resource)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

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
        copyFormat1("state-format-1.json", dir.resolve("state.json"));
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
        copyFormat1("state-format-1.json", dir.resolve("state.json"));
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
        Files.writeString(state, Files.readString(state).replace("\"format_version\" : " + VersionedJson.FORMAT_VERSION,
                "\"format_version\" : 7"));
        RunFormatException e = assertThrows(RunFormatException.class, checkpoints::load);
        assertTrue(e.getMessage().startsWith(state + " has format_version 7, written by a newer Graft; Graft "), e.getMessage());
        assertTrue(e.getMessage().contains(" reads versions 1 to " + VersionedJson.FORMAT_VERSION + ". "), e.getMessage());
    }
}
