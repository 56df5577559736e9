package dev.graft.core.model;

import dev.graft.zoo.arch.Architecture;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A frozen backbone that another runtime runs from a model file or folder, supplied by an
 * optional module built only under its Maven profile (the TensorFlow build's {@code savedmodel}).
 * Implement it and list the class in {@code META-INF/services/dev.graft.core.model.ExternalBackbone};
 * {@link Architectures} finds it by {@link #name()}.
 */
public interface ExternalBackbone {

    /** @return the {@code --arch} name it answers to */
    String name();

    /**
     * Opens a model as a frozen feature extractor.
     *
     * @param weights the model file or folder
     * @return the architecture
     * @throws IOException if the model cannot be read or its runtime cannot start
     * @throws WeightImportException if the model is not usable as a feature extractor
     */
    Architecture open(Path weights) throws IOException, WeightImportException;
}
