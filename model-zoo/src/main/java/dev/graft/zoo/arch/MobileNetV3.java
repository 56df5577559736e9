package dev.graft.zoo.arch;

import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import dev.graft.datasets.image.Normalization;
import dev.graft.zoo.nn.HardSigmoid;
import dev.graft.zoo.nn.Layers;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.nn.Residual;
import dev.graft.zoo.nn.SqueezeExcitation;
import java.util.List;

/**
 * torchvision's MobileNetV3 (small and large, width 1.0) with its exact module names: a 3×3 stem
 * with hard swish, inverted residual blocks (1×1 expansion when wider, depthwise k×k, optional
 * squeeze-and-excitation with ReLU and a hard-sigmoid gate, 1×1 projection, residual when shape
 * allows; ReLU or hard swish per block), a 1×1 head to 6× the last width, average pool, then a
 * classifier Linear → hard swish → dropout → Linear. BatchNorm eps 1e-3, momentum 0.01; no
 * stochastic depth. Cut points end with {@code pool} (the pooled 1×1 head, 960 or 576 wide, as
 * Keras's MobileNetV3 without its top) and {@code pre_logits} (the pretrained hidden layer of the
 * classifier, 1280 or 1024 wide, as timm keeps it).
 */
public final class MobileNetV3 implements Architecture {

    /** MobileNetV3's BatchNorm epsilon. */
    public static final float BATCH_NORM_EPSILON = 1e-3f;

    /** MobileNetV3's BatchNorm momentum, in PyTorch's sense. */
    public static final float BATCH_NORM_MOMENTUM = 0.01f;

    /** Large blocks: input, kernel, expanded, output channels, squeeze-excitation (1), hard swish (1), stride. */
    private static final int[][] LARGE = {
        {16, 3, 16, 16, 0, 0, 1}, {16, 3, 64, 24, 0, 0, 2}, {24, 3, 72, 24, 0, 0, 1}, {24, 5, 72, 40, 1, 0, 2},
        {40, 5, 120, 40, 1, 0, 1}, {40, 5, 120, 40, 1, 0, 1}, {40, 3, 240, 80, 0, 1, 2}, {80, 3, 200, 80, 0, 1, 1},
        {80, 3, 184, 80, 0, 1, 1}, {80, 3, 184, 80, 0, 1, 1}, {80, 3, 480, 112, 1, 1, 1}, {112, 3, 672, 112, 1, 1, 1},
        {112, 5, 672, 160, 1, 1, 2}, {160, 5, 960, 160, 1, 1, 1}, {160, 5, 960, 160, 1, 1, 1}
    };

    /** Small blocks, as {@link #LARGE}. */
    private static final int[][] SMALL = {
        {16, 3, 16, 16, 1, 0, 2}, {16, 3, 72, 24, 0, 0, 2}, {24, 3, 88, 24, 0, 0, 1}, {24, 5, 96, 40, 1, 1, 2},
        {40, 5, 240, 40, 1, 1, 1}, {40, 5, 240, 40, 1, 1, 1}, {40, 5, 120, 48, 1, 1, 1}, {48, 5, 144, 48, 1, 1, 1},
        {48, 5, 288, 96, 1, 1, 2}, {96, 5, 576, 96, 1, 1, 1}, {96, 5, 576, 96, 1, 1, 1}
    };

    private final int[][] blocks;
    private final int lastChannels;
    private final ArchitectureSpec spec;

    private MobileNetV3(String name, int[][] blocks, int lastChannels, List<CutPoint> stages, long parameters) {
        this.blocks = blocks;
        this.lastChannels = lastChannels;
        this.spec = new ArchitectureSpec(name, 224, 256, Normalization.IMAGENET, stages, "features.0", "classifier.3", parameters);
    }

    /** @return MobileNetV3-Large (15 blocks, head 960, classifier hidden 1280) */
    public static MobileNetV3 large() {
        return new MobileNetV3("mobilenet_v3_large", LARGE, 1280, List.of(
                CutPoint.at("stem", "features.0", 16, 2),
                CutPoint.at("stage1", "features.1", 16, 2),
                CutPoint.at("stage2", "features.3", 24, 4),
                CutPoint.at("stage3", "features.6", 40, 8),
                CutPoint.at("stage4", "features.10", 80, 16),
                CutPoint.at("stage5", "features.12", 112, 16),
                CutPoint.at("stage6", "features.15", 160, 32),
                CutPoint.at("head", "features.16", 960, 32),
                CutPoint.at("pool", "pool", 960, 32),
                CutPoint.vectorAt("pre_logits", "classifier.1", 1280, 32)), 5_483_032L);
    }

    /** @return MobileNetV3-Small (11 blocks, head 576, classifier hidden 1024) */
    public static MobileNetV3 small() {
        return new MobileNetV3("mobilenet_v3_small", SMALL, 1024, List.of(
                CutPoint.at("stem", "features.0", 16, 2),
                CutPoint.at("stage1", "features.1", 16, 4),
                CutPoint.at("stage2", "features.3", 24, 8),
                CutPoint.at("stage3", "features.6", 40, 16),
                CutPoint.at("stage4", "features.8", 48, 16),
                CutPoint.at("stage5", "features.11", 96, 32),
                CutPoint.at("head", "features.12", 576, 32),
                CutPoint.at("pool", "pool", 576, 32),
                CutPoint.vectorAt("pre_logits", "classifier.1", 1024, 32)), 2_542_856L);
    }

    @Override
    public ArchitectureSpec spec() {
        return spec;
    }

    @Override
    public NamedSequential build(int numClasses) {
        NamedSequential net = new NamedSequential().add("features.0", convBnAct(blocks[0][0], 3, 2, 1, Layers.hardSwish()));
        int index = 1;
        for (int[] b : blocks) {
            net.add("features." + index++, invertedResidual(b));
        }
        int head = 6 * blocks[blocks.length - 1][3];
        net.add("features." + index, convBnAct(head, 1, 1, 1, Layers.hardSwish()));
        // torchvision's classifier (Linear, hard swish, dropout, Linear) as four top-level modules: its
        // pretrained hidden layer stays with the trunk at the pre_logits cut (timm's pre-logits), and a
        // new head replaces only the last Linear.
        return net.add("pool", Layers.globalAveragePool())
                .add("classifier.0", Layers.linear(lastChannels))
                .add("classifier.1", Layers.hardSwish())
                .add("classifier.2", Layers.dropout(0.2f))
                .add("classifier.3", Layers.linear(numClasses));
    }

    private static BatchNorm batchNorm() {
        return Layers.batchNorm(BATCH_NORM_EPSILON, BATCH_NORM_MOMENTUM);
    }

    private static NamedSequential convBnAct(int out, int kernel, int stride, int groups, Block activation) {
        return Layers.convNormActivation(out, kernel, stride, groups, batchNorm(), activation);
    }

    /** torchvision's {@code InvertedResidual} for one row of the settings, its layers under {@code block}. */
    private static Block invertedResidual(int[] b) {
        int in = b[0];
        int kernel = b[1];
        int expanded = b[2];
        int out = b[3];
        boolean hardSwish = b[5] == 1;
        int stride = b[6];
        NamedSequential block = new NamedSequential();
        int i = 0;
        if (expanded != in) {
            block.add(Integer.toString(i++), convBnAct(expanded, 1, 1, 1, activation(hardSwish)));
        }
        block.add(Integer.toString(i++), convBnAct(expanded, kernel, stride, expanded, activation(hardSwish)));
        if (b[4] == 1) {
            block.add(Integer.toString(i++), new SqueezeExcitation(expanded, ChannelRounding.toMultipleOf8(expanded / 4),
                    Layers.relu(), new HardSigmoid()));
        }
        block.add(Integer.toString(i), Layers.convNormActivation(out, 1, 1, 1, batchNorm(), null));
        if (stride == 1 && in == out) {
            return new Residual(false).body("block", block);
        }
        return new NamedSequential().add("block", block);
    }

    private static Block activation(boolean hardSwish) {
        return hardSwish ? Layers.hardSwish() : Layers.relu();
    }
}
