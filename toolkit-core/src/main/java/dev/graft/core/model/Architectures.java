package dev.graft.core.model;

import dev.graft.core.onnx.OnnxRuntimeBackbone;
import dev.graft.datasets.io.AtomicFiles;
import dev.graft.zoo.arch.Architecture;
import dev.graft.zoo.arch.ArchitectureRegistry;
import dev.graft.zoo.keras.KerasApplicationsWeights;
import dev.graft.zoo.keras.KerasGraphBackbone;
import dev.graft.zoo.onnx.OnnxGraphBackbone;
import dev.graft.zoo.weights.UncheckedWeightImportException;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the architecture an {@code --arch} names: one of the zoo's, or {@code onnx} (an ONNX CNN
 * rebuilt as trainable blocks), {@code keras} (a Keras .h5 / .keras or TF.js model rebuilt as
 * trainable blocks) or {@code onnx-runtime} (an ONNX model run as a frozen feature extractor), all
 * read from the {@code --weights} file (and from {@code backbone.onnx}, or the Keras files in
 * {@code backbone-keras/}, in a run directory), or {@code savedmodel} (a TensorFlow SavedModel
 * folder run as a frozen feature extractor by the {@link ExternalBackbone} of the TensorFlow
 * build, kept in a run as {@code backbone.savedmodel}). A file-backed architecture is read once per process and file version, however many
 * times a command, a run or a search's trials ask for it.
 */
public final class Architectures {

    private static final Map<String, Architecture> FILE_BACKED = new ConcurrentHashMap<>();

    /** The copy of a self-contained backbone kept in its run directory. */
    public static final String RUN_BACKBONE = "backbone.onnx";

    /** The architecture name of a TensorFlow SavedModel run as a frozen feature extractor. */
    public static final String SAVED_MODEL = "savedmodel";

    /** The copy of a SavedModel folder kept in its run directory. */
    public static final String RUN_SAVED_MODEL = "backbone.savedmodel";
    /** The folder of a run directory keeping a Keras backbone's files (model.json and its shards, or the .h5 / .keras). */
    public static final String RUN_KERAS_BACKBONE = "backbone-keras";

    private Architectures() {}

    /**
     * Resolves an architecture for training.
     *
     * @param arch the name
     * @param weights the weights file or URL, or {@code null}
     * @return the architecture
     * @throws IllegalArgumentException for an unknown name, a file-backed one without {@code weights},
     *     or {@code savedmodel} in a build without the TensorFlow profile
     * @throws UncheckedIOException if the file cannot be read or ONNX Runtime cannot load it
     * @throws UncheckedWeightImportException if the file is not a usable ONNX model (it fails
     *     {@link dev.graft.zoo.onnx.OnnxModelCheck}, say)
     */
    public static Architecture resolve(String arch, String weights) {
        if (!isFileBacked(arch)) {
            return ArchitectureRegistry.REGISTRY.get(arch);
        }
        ExternalBackbone external = arch.equals(SAVED_MODEL) ? external(arch) : null;
        if (weights == null) {
            throw new IllegalArgumentException("arch " + arch + " needs weights " + (external != null ? "pointing at a SavedModel folder."
                    : arch.equals(KerasGraphBackbone.NAME) ? "model.h5, model.keras or a TF.js model.json." : "model.onnx."));
        }
        try {
            if (arch.equals(KerasGraphBackbone.NAME) && KerasApplicationsWeights.isKerasUrl(weights)) {
                weights = KerasApplicationsWeights.fromEnvironment(new ai.djl.training.util.ProgressBar()).fetch(weights).toString();
            }
            Path file = Path.of(weights).toAbsolutePath().normalize();
            Path versioned = Files.isDirectory(file) ? file.resolve("saved_model.pb") : file;
            String key = arch + "|" + file + "|" + (Files.isRegularFile(versioned)
                    ? Files.size(versioned) + "|" + Files.getLastModifiedTime(versioned) : "missing");
            Architecture known = FILE_BACKED.get(key);
            if (known != null) {
                return known;
            }
            Architecture opened = external != null ? external.open(Path.of(weights))
                    : arch.equals(OnnxGraphBackbone.NAME) ? OnnxGraphBackbone.open(Path.of(weights))
                    : arch.equals(KerasGraphBackbone.NAME) ? KerasGraphBackbone.open(Path.of(weights))
                    : OnnxRuntimeBackbone.open(Path.of(weights));
            Architecture raced = FILE_BACKED.putIfAbsent(key, opened);
            return raced != null ? raced : opened;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (WeightImportException e) {
            throw new UncheckedWeightImportException(e);
        }
    }

    private static boolean isFileBacked(String arch) {
        return arch.equals(OnnxRuntimeBackbone.NAME) || arch.equals(OnnxGraphBackbone.NAME) || arch.equals(KerasGraphBackbone.NAME)
                || arch.equals(SAVED_MODEL);
    }

    /** Finds the optional module that runs an architecture; a build without it is told how to get it. */
    private static ExternalBackbone external(String arch) {
        for (ExternalBackbone candidate : ServiceLoader.load(ExternalBackbone.class)) {
            if (candidate.name().equals(arch)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("arch " + arch + " runs TensorFlow SavedModels, and this build of Graft has no TensorFlow;"
                + " build it with the TensorFlow profile (mvn -P tensorflow ..., or run GRAFT_PROFILE=tensorflow ./graft).");
    }

    /**
     * Copies a self-contained backbone's files into a run directory, so the run reopens alone: an
     * ONNX file as {@link #RUN_BACKBONE}, a Keras model's files into {@link #RUN_KERAS_BACKBONE}, a
     * SavedModel folder as {@link #RUN_SAVED_MODEL}.
     *
     * @param architecture the architecture; nothing is copied for one that is not self-contained
     * @param weights the {@code --weights} file it was read from
     * @param run the run directory
     * @throws IOException if a file cannot be copied
     */
    public static void keep(Architecture architecture, String weights, Path run) throws IOException {
        if (architecture instanceof KerasGraphBackbone keras) {
            Path folder = Files.createDirectories(run.resolve(RUN_KERAS_BACKBONE));
            for (Path file : keras.files()) {
                AtomicFiles.write(folder.resolve(file.getFileName().toString()), Files.readAllBytes(file));
            }
        } else if (architecture.selfContained()) {
            Path file = Path.of(weights);
            if (Files.isDirectory(file)) {
                Path copy = run.resolve(RUN_SAVED_MODEL);
                if (!file.toAbsolutePath().normalize().equals(copy.toAbsolutePath().normalize())) {
                    AtomicFiles.copyFolder(file, copy);
                }
            } else {
                AtomicFiles.write(run.resolve(RUN_BACKBONE), Files.readAllBytes(file));
            }
        }
    }

    /**
     * Resolves the architecture of a trained run.
     *
     * @param arch the name in its model.json
     * @param run the run directory
     * @return the architecture
     */
    public static Architecture ofRun(String arch, Path run) {
        if (arch.equals(KerasGraphBackbone.NAME)) {
            return resolve(arch, kerasModelIn(run.resolve(RUN_KERAS_BACKBONE)).toString());
        }
        return resolve(arch, isFileBacked(arch) ? run.resolve(arch.equals(SAVED_MODEL) ? RUN_SAVED_MODEL : RUN_BACKBONE).toString() : null);
    }

    /** The model file among a run's kept Keras files: the .json, else the .h5 / .hdf5 / .keras. */
    private static Path kerasModelIn(Path folder) {
        try (var files = Files.list(folder)) {
            List<Path> all = files.sorted().toList();
            return all.stream().filter(f -> f.toString().endsWith(".json")).findFirst()
                    .or(() -> all.stream().filter(f -> f.toString().matches(".*\\.(h5|hdf5|keras)$")).findFirst())
                    .orElseThrow(() -> new UncheckedIOException(new IOException(folder + " holds no Keras model file; the run is damaged.")));
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": cannot list the run's Keras backbone (" + e.getMessage() + ").", e);
        }
    }
}
