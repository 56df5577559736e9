package dev.graft.zoo.arch;

import dev.graft.datasets.image.Normalization;
import dev.graft.zoo.nn.Layers;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.nn.Residual;
import java.util.List;

/** torchvision's MobileNetV2 (width 1.0) with its exact module names. */
public final class MobileNetV2 implements Architecture {

    /** Inverted residual settings: expansion t, channels c, repeats n, first stride s. */
    private static final int[][] SETTINGS = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}
    };

    private final ArchitectureSpec spec =
            new ArchitectureSpec(
                    "mobilenet_v2",
                    224,
                    256,
                    Normalization.IMAGENET,
                    List.of(
                            CutPoint.at("stem", "features.0", 32, 2),
                            CutPoint.at("stage1", "features.1", 16, 2),
                            CutPoint.at("stage2", "features.3", 24, 4),
                            CutPoint.at("stage3", "features.6", 32, 8),
                            CutPoint.at("stage4", "features.13", 96, 16),
                            CutPoint.at("stage5", "features.17", 320, 32),
                            CutPoint.at("head", "features.18", 1280, 32),
                            CutPoint.at("pool", "pool", 1280, 32)),
                    "features.0",
                    "classifier",
                    3_504_872L);

    @Override
    public ArchitectureSpec spec() {
        return spec;
    }

    @Override
    public NamedSequential build(int numClasses) {
        NamedSequential net = new NamedSequential().add("features.0", convBnRelu6(32, 3, 2, 1));
        int index = 1;
        int inChannels = 32;
        for (int[] s : SETTINGS) {
            for (int i = 0; i < s[2]; i++) {
                int stride = i == 0 ? s[3] : 1;
                net.add("features." + index++, invertedResidual(inChannels, s[1], stride, s[0]));
                inChannels = s[1];
            }
        }
        net.add("features." + index, convBnRelu6(1280, 1, 1, 1));
        return net.add("pool", Layers.globalAveragePool())
                .add(
                        "classifier",
                        new NamedSequential()
                                .add("0", Layers.dropout(0.2f))
                                .add("1", Layers.linear(numClasses)));
    }

    private static NamedSequential convBnRelu6(int out, int kernel, int stride, int groups) {
        return new NamedSequential()
                .add("0", Layers.conv(out, kernel, stride, groups, false))
                .add("1", Layers.batchNorm())
                .add("2", Layers.relu6());
    }

    private static ai.djl.nn.Block invertedResidual(int in, int out, int stride, int expansion) {
        int hidden = in * expansion;
        NamedSequential conv = new NamedSequential();
        int i = 0;
        if (expansion != 1) {
            conv.add(Integer.toString(i++), convBnRelu6(hidden, 1, 1, 1));
        }
        conv.add(Integer.toString(i++), convBnRelu6(hidden, 3, stride, hidden))
                .add(Integer.toString(i++), Layers.conv(out, 1, 1, 1, false))
                .add(Integer.toString(i), Layers.batchNorm());
        if (stride == 1 && in == out) {
            return new Residual(false).body("conv", conv);
        }
        return new NamedSequential().add("conv", conv);
    }
}
