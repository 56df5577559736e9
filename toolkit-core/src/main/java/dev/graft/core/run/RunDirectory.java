package dev.graft.core.run;

import dev.graft.core.model.Architectures;
import dev.graft.core.model.ModelStore;
import dev.graft.core.train.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A run directory's own files, and the rules that keep them: {@code finetune} does not write into
 * a folder that already holds a run unless it resumes it or is told to overwrite it, and no command
 * writes its output over one of a run's own files.
 */
public final class RunDirectory {

    /** The checkpoint folder inside a run directory. */
    public static final String CHECKPOINT = "checkpoint";

    /** Files and folders whose presence means a folder holds a run (from finetune or ensemble). */
    private static final List<String> MARKERS = List.of(RunFiles.CONFIG, "config.json", "manifest.json", "metrics.json",
            ModelStore.DESCRIPTOR, ModelStore.WEIGHTS, "history.csv", "report.html", "errors.csv", Architectures.RUN_BACKBONE,
            Architectures.RUN_SAVED_MODEL, Architectures.RUN_KERAS_BACKBONE, CHECKPOINT, Ensemble.FILE);

    /** A run's own files: its markers, its ONNX export and its lock. */
    private static final List<String> OWN = java.util.stream.Stream.concat(MARKERS.stream(), java.util.stream.Stream.of("model.onnx",
            RunLock.FILE)).toList();

    private RunDirectory() {}

    /**
     * Lists what makes a folder a run directory.
     *
     * @param dir the folder
     * @return the run files and folders it holds (folders with a trailing {@code /}); empty if it holds no run
     */
    public static List<String> runFiles(Path dir) {
        return MARKERS.stream().filter(name -> Files.exists(dir.resolve(name)))
                .map(name -> Files.isDirectory(dir.resolve(name)) ? name + "/" : name).toList();
    }

    /**
     * Claims a job's run directory before anything is written to it: a folder that already holds a
     * run is refused unless the job resumes it or overwrites it; overwriting deletes the old run's
     * checkpoint at once (so it can never be resumed by mistake), its other files are replaced as the
     * new run writes them.
     *
     * @param config the job
     * @throws IllegalArgumentException naming the run's files and the ways out
     * @throws IOException if the old checkpoint cannot be deleted
     */
    static void claim(FinetuneConfig config) throws IOException {
        List<String> found = runFiles(config.out());
        if (found.isEmpty() || config.resume()) {
            return;
        }
        if (!config.overwrite()) {
            throw new IllegalArgumentException(config.out() + " already holds a run (" + String.join(", ", found)
                    + "); pass resume to continue it, overwrite to replace it, or choose another out folder.");
        }
        new Checkpoints(config.out().resolve(CHECKPOINT)).delete();
    }

    /**
     * Refuses an output file that is one of a run's own files (in any run directory, its checkpoint
     * included), compared by real path, so a command cannot write over a trained model or its record.
     *
     * @param out the output file
     * @param allowed the one run file this output may be (e.g. {@code model.onnx} for an export), or {@code null}
     * @param what what would be written, for the message, e.g. {@code "the export"}
     * @throws IllegalArgumentException naming the file and the run
     */
    public static void refuseOwnFile(Path out, String allowed, String what) {
        Path file = real(out);
        Path parent = file.getParent();
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        Path run = parent != null && OWN.contains(name) && !name.equals(allowed) && !runFiles(parent).isEmpty() ? parent : null;
        for (Path dir = parent; run == null && dir != null && dir.getParent() != null; dir = dir.getParent()) {
            run = dir.getFileName().toString().equals(CHECKPOINT) && !runFiles(dir.getParent()).isEmpty() ? dir.getParent() : null;
        }
        if (run != null) {
            throw new IllegalArgumentException("out " + out + " is one of the run's own files in " + run + "; " + what
                    + " would replace it. Choose another out file" + (allowed == null ? "" : ", e.g. " + run.resolve(allowed)) + ".");
        }
    }

    /** The file's real location: its own real path if it exists, else its folder's real path and its name. */
    private static Path real(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            return absolute.toRealPath();
        } catch (IOException missing) {
            Path parent = absolute.getParent();
            try {
                return parent == null ? absolute : parent.toRealPath().resolve(absolute.getFileName());
            } catch (IOException noFolder) {
                return absolute;
            }
        }
    }
}
