package dev.graft.zoo.weights;

import java.nio.file.Path;
import java.util.List;

/**
 * A weights file format: the file-name endings it claims and how to read such a file into named
 * tensors. Registered by name in {@link WeightFormats}; {@link WeightFiles} picks the format whose
 * ending a {@code --weights} file has.
 */
public interface WeightFormat {

    /** @return the file-name endings it reads, lower case with the dot, e.g. {@code .safetensors} */
    List<String> extensions();

    /**
     * Reads a file.
     *
     * @param file a file with one of the format's endings
     * @return its tensors
     * @throws WeightImportException if the file is malformed; the message names the file
     */
    StateDict read(Path file) throws WeightImportException;
}
