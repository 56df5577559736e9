package dev.graft.tensorflow;

import dev.graft.core.model.ExternalBackbone;
import dev.graft.zoo.arch.Architecture;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.nio.file.Path;

/** Registers {@code --arch savedmodel} with {@link dev.graft.core.model.Architectures} (listed in META-INF/services). */
public final class SavedModelProvider implements ExternalBackbone {

    @Override
    public String name() {
        return SavedModelBackbone.NAME;
    }

    @Override
    public Architecture open(Path weights) throws IOException, WeightImportException {
        return SavedModelBackbone.open(weights);
    }
}
