package dev.graft.zoo.arch;

import dev.graft.datasets.image.Normalization;
import dev.graft.zoo.nn.Fire;
import dev.graft.zoo.nn.Layers;
import dev.graft.zoo.nn.NamedSequential;
import java.util.List;

/** torchvision's SqueezeNet 1.1 with its exact module names (no BatchNorm). */
public final class SqueezeNet implements Architecture {

    private final ArchitectureSpec spec =
            new ArchitectureSpec(
                    "squeezenet1_1",
                    224,
                    256,
                    Normalization.IMAGENET,
                    List.of(
                            CutPoint.at("stem", "features.2", 64, 4),
                            CutPoint.at("stage1", "features.4", 128, 4),
                            CutPoint.at("stage2", "features.7", 256, 8),
                            CutPoint.at("stage3", "features.12", 512, 16),
                            new CutPoint("pool", "features.12", 512, 16, true)),
                    "features.0",
                    "classifier",
                    1_235_496L);

    @Override
    public ArchitectureSpec spec() {
        return spec;
    }

    @Override
    public NamedSequential build(int numClasses) {
        return new NamedSequential()
                .add("features.0", Layers.conv(64, 3, 2, 0, 1, true))
                .add("features.1", Layers.relu())
                .add("features.2", Layers.maxPool(3, 2, 0, true))
                .add("features.3", new Fire(16, 64, 64))
                .add("features.4", new Fire(16, 64, 64))
                .add("features.5", Layers.maxPool(3, 2, 0, true))
                .add("features.6", new Fire(32, 128, 128))
                .add("features.7", new Fire(32, 128, 128))
                .add("features.8", Layers.maxPool(3, 2, 0, true))
                .add("features.9", new Fire(48, 192, 192))
                .add("features.10", new Fire(48, 192, 192))
                .add("features.11", new Fire(64, 256, 256))
                .add("features.12", new Fire(64, 256, 256))
                .add(
                        "classifier",
                        new NamedSequential()
                                .add("0", Layers.dropout(0.5f))
                                .add("1", Layers.conv(numClasses, 1, 1, 1, true))
                                .add("2", Layers.relu())
                                .add("3", Layers.globalAveragePool()));
    }
}
