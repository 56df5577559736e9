package dev.graft.core.model;

import dev.graft.core.onnx.OnnxRuntimeBackbone;
import dev.graft.zoo.arch.Architecture;
import dev.graft.zoo.arch.ArchitectureRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Finds the architecture an {@code --arch} names: one of the zoo's, or {@code onnx-runtime}, which
 * is read from the {@code --weights} file (and from {@code backbone.onnx} in a run directory).
 */
public final class Architectures {

    /** The copy of a self-contained backbone kept in its run directory. */
    public static final String RUN_BACKBONE = "backbone.onnx";

    private Architectures() {}

    /**
     * Resolves an architecture for training.
     *
     * @param arch the name
     * @param weights the weights file or URL, or {@code null}
     * @return the architecture
     * @throws IllegalArgumentException for an unknown name, or {@code onnx-runtime} without a readable file
     */
    public static Architecture resolve(String arch, String weights) {
        if (!arch.equals(OnnxRuntimeBackbone.NAME)) {
            return ArchitectureRegistry.standard().get(arch);
        }
        if (weights == null) {
            throw new IllegalArgumentException("--arch " + OnnxRuntimeBackbone.NAME + " needs --weights model.onnx.");
        }
        try {
            return OnnxRuntimeBackbone.open(Path.of(weights));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
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
        return resolve(arch, arch.equals(OnnxRuntimeBackbone.NAME) ? run.resolve(RUN_BACKBONE).toString() : null);
    }
}
