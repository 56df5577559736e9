package dev.graft.zoo.arch;

import dev.graft.datasets.image.Normalization;
import dev.graft.zoo.nn.AvgPool;
import dev.graft.zoo.nn.DenseConcat;
import dev.graft.zoo.nn.Layers;
import dev.graft.zoo.nn.NamedSequential;
import java.util.ArrayList;
import java.util.List;

/**
 * torchvision's DenseNet (growth rate 32, bottleneck width 4 × 32, 64 initial features, no
 * dropout) with its exact module names: {@code features.conv0 / norm0 / relu0 / pool0}, dense
 * blocks {@code features.denseblockN.denselayerM.norm1 / conv1 / norm2 / conv2} (each layer's
 * output concatenated to its input, see {@link DenseConcat}), transitions {@code
 * features.transitionN.norm / conv / pool} (BN, ReLU, 1×1 conv halving the width, 2×2 average
 * pool), {@code features.norm5}, then the ReLU that torchvision's {@code DenseNet.forward}
 * applies (module {@code relu}, no parameters), global pooling and {@code classifier}.
 *
 * <p>Cut points: {@code stem}, after each dense block ({@code block1}…{@code block4}) and
 * transition ({@code transition1}…{@code transition3}), {@code features} (norm5 and the final
 * ReLU: torchvision's feature map) and {@code pool}.
 */
public final class DenseNet implements Architecture {

    private static final int GROWTH = 32;
    private static final int BOTTLENECK = 4;
    private static final int INIT_FEATURES = 64;

    private final int depth;
    private final int[] blocks;
    private final ArchitectureSpec spec;

    private DenseNet(int depth, int[] blocks, long parameters) {
        this.depth = depth;
        this.blocks = blocks.clone();
        List<CutPoint> cuts = new ArrayList<>();
        cuts.add(CutPoint.at("stem", "features.pool0", INIT_FEATURES, 4));
        int channels = INIT_FEATURES;
        int stride = 4;
        for (int b = 0; b < blocks.length; b++) {
            channels += blocks[b] * GROWTH;
            cuts.add(CutPoint.at("block" + (b + 1), "features.denseblock" + (b + 1), channels, stride));
            if (b < blocks.length - 1) {
                channels /= 2;
                stride *= 2;
                cuts.add(CutPoint.at("transition" + (b + 1), "features.transition" + (b + 1), channels, stride));
            }
        }
        cuts.add(CutPoint.at("features", "relu", channels, stride));
        cuts.add(CutPoint.at("pool", "pool", channels, stride));
        this.spec = new ArchitectureSpec("densenet" + depth, 224, 256, Normalization.IMAGENET, cuts,
                "features.conv0", "classifier", parameters);
    }

    /** @return DenseNet-121 (dense layers 6-12-24-16) */
    public static DenseNet densenet121() {
        return new DenseNet(121, new int[] {6, 12, 24, 16}, 7_978_856L);
    }

    /** @return DenseNet-169 (dense layers 6-12-32-32) */
    public static DenseNet densenet169() {
        return new DenseNet(169, new int[] {6, 12, 32, 32}, 14_149_480L);
    }

    /** @return DenseNet-201 (dense layers 6-12-48-32) */
    public static DenseNet densenet201() {
        return new DenseNet(201, new int[] {6, 12, 48, 32}, 20_013_928L);
    }

    @Override
    public ArchitectureSpec spec() {
        return spec;
    }

    @Override
    public NamedSequential build(int numClasses) {
        NamedSequential net = new NamedSequential()
                .add("features.conv0", Layers.conv(INIT_FEATURES, 7, 2, 1, false))
                .add("features.norm0", Layers.batchNorm())
                .add("features.relu0", Layers.relu())
                .add("features.pool0", Layers.maxPool(3, 2, 1, false));
        int channels = INIT_FEATURES;
        for (int b = 0; b < blocks.length; b++) {
            NamedSequential block = new NamedSequential();
            for (int layer = 1; layer <= blocks[b]; layer++) {
                block.add("denselayer" + layer, denseLayer());
            }
            net.add("features.denseblock" + (b + 1), block);
            channels += blocks[b] * GROWTH;
            if (b < blocks.length - 1) {
                channels /= 2;
                net.add("features.transition" + (b + 1), new NamedSequential()
                        .add("norm", Layers.batchNorm())
                        .add("relu", Layers.relu())
                        .add("conv", Layers.conv(channels, 1, 1, 1, false))
                        .add("pool", new AvgPool(2)));
            }
        }
        return net.add("features.norm5", Layers.batchNorm())
                .add("relu", Layers.relu())
                .add("pool", Layers.globalAveragePool())
                .add("classifier", Layers.linear(numClasses));
    }

    private static DenseConcat denseLayer() {
        return new DenseConcat()
                .add("norm1", Layers.batchNorm())
                .add("relu1", Layers.relu())
                .add("conv1", Layers.conv(BOTTLENECK * GROWTH, 1, 1, 1, false))
                .add("norm2", Layers.batchNorm())
                .add("relu2", Layers.relu())
                .add("conv2", Layers.conv(GROWTH, 3, 1, 1, false));
    }

    @Override
    public String toString() {
        return "DenseNet-" + depth;
    }
}
