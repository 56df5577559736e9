package dev.graft.zoo.arch;

import dev.graft.datasets.image.Normalization;
import dev.graft.zoo.nn.Layers;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.nn.Residual;
import java.util.List;

/**
 * torchvision's ResNet (v1.5: the stride sits in the 3×3 convolution of a bottleneck), built with
 * its exact module names. Not DJL's {@code ResNetV1}, whose ResNet-18 has a different topology.
 */
public final class ResNet implements Architecture {

    private static final int[] WIDTHS = {64, 128, 256, 512};

    private final int depth;
    private final int[] blocks;
    private final boolean bottleneck;
    private final ArchitectureSpec spec;

    private ResNet(int depth, int[] blocks, boolean bottleneck, long parameters) {
        this.depth = depth;
        this.blocks = blocks;
        this.bottleneck = bottleneck;
        int expansion = bottleneck ? 4 : 1;
        this.spec =
                new ArchitectureSpec(
                        "resnet" + depth,
                        224,
                        256,
                        Normalization.IMAGENET,
                        List.of(
                                CutPoint.at("stem", "maxpool", 64, 4),
                                CutPoint.at("layer1", "layer1", 64 * expansion, 4),
                                CutPoint.at("layer2", "layer2", 128 * expansion, 8),
                                CutPoint.at("layer3", "layer3", 256 * expansion, 16),
                                CutPoint.at("layer4", "layer4", 512 * expansion, 32),
                                CutPoint.at("pool", "avgpool", 512 * expansion, 32)),
                        "conv1",
                        "fc",
                        parameters);
    }

    /** @return ResNet-18 (basic blocks 2-2-2-2) */
    public static ResNet resnet18() {
        return new ResNet(18, new int[] {2, 2, 2, 2}, false, 11_689_512L);
    }

    /** @return ResNet-34 (basic blocks 3-4-6-3) */
    public static ResNet resnet34() {
        return new ResNet(34, new int[] {3, 4, 6, 3}, false, 21_797_672L);
    }

    /** @return ResNet-50 (bottlenecks 3-4-6-3) */
    public static ResNet resnet50() {
        return new ResNet(50, new int[] {3, 4, 6, 3}, true, 25_557_032L);
    }

    @Override
    public ArchitectureSpec spec() {
        return spec;
    }

    @Override
    public NamedSequential build(int numClasses) {
        NamedSequential net =
                new NamedSequential()
                        .add("conv1", Layers.conv(64, 7, 2, 1, false))
                        .add("bn1", Layers.batchNorm())
                        .add("relu", Layers.relu())
                        .add("maxpool", Layers.maxPool(3, 2, 1, false));
        int expansion = bottleneck ? 4 : 1;
        int inChannels = 64;
        for (int stage = 0; stage < 4; stage++) {
            NamedSequential layer = new NamedSequential();
            int width = WIDTHS[stage];
            for (int b = 0; b < blocks[stage]; b++) {
                int stride = b == 0 && stage > 0 ? 2 : 1;
                Residual unit = bottleneck ? bottleneck(width, stride) : basic(width, stride);
                if (stride != 1 || inChannels != width * expansion) {
                    unit.downsample(
                            new NamedSequential()
                                    .add("0", Layers.conv(width * expansion, 1, stride, 1, false))
                                    .add("1", Layers.batchNorm()));
                }
                layer.add(Integer.toString(b), unit);
                inChannels = width * expansion;
            }
            net.add("layer" + (stage + 1), layer);
        }
        return net.add("avgpool", Layers.globalAveragePool()).add("fc", Layers.linear(numClasses));
    }

    private static Residual basic(int width, int stride) {
        return new Residual(true)
                .body("conv1", Layers.conv(width, 3, stride, 1, false))
                .body("bn1", Layers.batchNorm())
                .body("relu", Layers.relu())
                .body("conv2", Layers.conv(width, 3, 1, 1, false))
                .body("bn2", Layers.batchNorm());
    }

    private static Residual bottleneck(int width, int stride) {
        return new Residual(true)
                .body("conv1", Layers.conv(width, 1, 1, 1, false))
                .body("bn1", Layers.batchNorm())
                .body("relu1", Layers.relu())
                .body("conv2", Layers.conv(width, 3, stride, 1, false))
                .body("bn2", Layers.batchNorm())
                .body("relu2", Layers.relu())
                .body("conv3", Layers.conv(width * 4, 1, 1, 1, false))
                .body("bn3", Layers.batchNorm());
    }

    @Override
    public String toString() {
        return "ResNet-" + depth;
    }
}
