package dev.graft.core.train;

import dev.graft.core.io.VersionedJson;
import dev.graft.datasets.io.AtomicFiles;
import dev.graft.zoo.weights.SafetensorsReader;
import dev.graft.zoo.weights.SafetensorsWriter;
import dev.graft.zoo.weights.TensorData;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Saves and restores the loop's state after every epoch: parameters, optimiser state, best
 * weights and bookkeeping. Tensor files go to a folder per epoch ({@code epoch-N/}), each written
 * atomically; {@code state.json}, written last and atomically, names the epoch to resume from, and
 * only then are older epoch folders removed. A run killed at any moment resumes from the last
 * complete epoch. {@code state.json} carries a {@code format_version} ({@link VersionedJson}); a
 * checkpoint written before it is still resumed.
 */
public final class Checkpoints {

    private static final String AVERAGES = "averages.safetensors";

    private final Path dir;

    /**
     * Creates a checkpoint store.
     *
     * @param dir the folder (created on first save)
     */
    public Checkpoints(Path dir) {
        this.dir = dir;
    }

    /** @return the checkpoint folder */
    public Path dir() {
        return dir;
    }

    /**
     * A restored checkpoint.
     *
     * @param state the bookkeeping
     * @param parameters all model parameters by name
     * @param optimizer the optimiser state
     * @param best the best epoch's parameters
     * @param averages the weight averages' state ({@link WeightAveraging}), empty without them
     */
    public record Saved(
            TrainingState state,
            Map<String, TensorData> parameters,
            Map<String, TensorData> optimizer,
            Map<String, TensorData> best,
            Map<String, TensorData> averages) {}

    /**
     * Saves a checkpoint.
     *
     * @param state the bookkeeping
     * @param parameters all parameters
     * @param optimizer optimiser state
     * @param best the best parameters
     * @throws IOException if writing fails
     */
    public void save(
            TrainingState state,
            Map<String, TensorData> parameters,
            Map<String, TensorData> optimizer,
            Map<String, TensorData> best)
            throws IOException {
        save(state, parameters, optimizer, best, Map.of());
    }

    /**
     * Saves a checkpoint with the state of weight averages ({@code averages.safetensors}, written
     * only when there is any).
     *
     * @param state the bookkeeping
     * @param parameters all parameters
     * @param optimizer optimiser state
     * @param best the best parameters
     * @param averages the weight averages' state, empty for none
     * @throws IOException if writing fails
     */
    public void save(
            TrainingState state,
            Map<String, TensorData> parameters,
            Map<String, TensorData> optimizer,
            Map<String, TensorData> best,
            Map<String, TensorData> averages)
            throws IOException {
        Map<String, String> meta = Map.of("epoch", Integer.toString(state.completedEpochs()));
        Path epochDir = epochDir(state.completedEpochs());
        SafetensorsWriter.write(epochDir.resolve("params.safetensors"), parameters, meta);
        SafetensorsWriter.write(epochDir.resolve("optimizer.safetensors"), optimizer, meta);
        SafetensorsWriter.write(epochDir.resolve("best.safetensors"), best, meta);
        if (!averages.isEmpty()) {
            SafetensorsWriter.write(epochDir.resolve(AVERAGES), averages, meta);
        }
        VersionedJson.write(dir.resolve("state.json"), state);
        try (var old = Files.list(dir)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith("epoch-") && !p.equals(epochDir)).toList()) {
                AtomicFiles.deleteTree(p);
            }
        }
    }

    /**
     * Deletes the checkpoint once the run is complete (a search's finished trials need none).
     * The state file goes first, so an interrupted delete reads as no checkpoint.
     *
     * @throws IOException if a file cannot be deleted
     */
    public void delete() throws IOException {
        Files.deleteIfExists(dir.resolve("state.json"));
        AtomicFiles.deleteTree(dir);
    }

    private Path epochDir(int epoch) {
        return dir.resolve("epoch-" + epoch);
    }

    /**
     * Loads the last checkpoint, if any.
     *
     * @return the checkpoint, or empty if none was written
     * @throws IOException if the files are unreadable or belong to different epochs
     */
    public Optional<Saved> load() throws IOException {
        Path statePath = dir.resolve("state.json");
        if (!Files.isRegularFile(statePath)) {
            return Optional.empty();
        }
        TrainingState state = VersionedJson.read(statePath, TrainingState.class);
        try {
            SafetensorsReader reader = new SafetensorsReader();
            Path epochDir = epochDir(state.completedEpochs());
            return Optional.of(new Saved(
                    state,
                    reader.read(epochDir.resolve("params.safetensors")).tensors(),
                    reader.read(epochDir.resolve("optimizer.safetensors")).tensors(),
                    reader.read(epochDir.resolve("best.safetensors")).tensors(),
                    Files.isRegularFile(epochDir.resolve(AVERAGES)) ? reader.read(epochDir.resolve(AVERAGES)).tensors() : Map.of()));
        } catch (WeightImportException e) {
            throw new IOException("checkpoint in " + dir + " is unreadable: " + e.getMessage(), e);
        }
    }
}
