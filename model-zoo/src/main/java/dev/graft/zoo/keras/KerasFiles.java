package dev.graft.zoo.keras;

import dev.graft.zoo.weights.WeightImportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads any Keras model file into a {@link KerasModelFile}, choosing the reader by the file: a
 * TF.js layers model's {@code model.json} (or any {@code .json}), a Keras 2 / tf.keras {@code
 * .h5} / {@code .hdf5} (full model or weights only), or a Keras 3 {@code .keras} archive.
 */
public final class KerasFiles {

    private KerasFiles() {}

    /**
     * Reads a Keras model file.
     *
     * @param file {@code model.json}, {@code .h5}, {@code .hdf5} or {@code .keras}
     * @return its config and weights
     * @throws WeightImportException if the file is missing, of another kind, or malformed; the
     *     message names the file and what is wrong
     */
    public static KerasModelFile read(Path file) throws WeightImportException {
        if (!Files.isRegularFile(file)) {
            throw new WeightImportException(file + ": no such file; pass a Keras .h5 / .keras file or a TF.js model.json.");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return TfjsModelReader.read(file);
        }
        if (name.endsWith(".h5") || name.endsWith(".hdf5")) {
            return KerasH5Reader.read(file);
        }
        if (name.endsWith(".keras")) {
            return KerasArchiveReader.read(file);
        }
        throw new WeightImportException(file + ": not a Keras model file; pass a Keras .h5 / .hdf5 / .keras file or a TF.js model.json.");
    }

    /**
     * The first line of an exception's message, for one-line errors.
     *
     * @param e the exception
     * @return its first line (empty if none)
     */
    static String firstLine(Throwable e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }
}
