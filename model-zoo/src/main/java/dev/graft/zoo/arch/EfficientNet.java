package dev.graft.zoo.arch;

import ai.djl.nn.Block;
import dev.graft.datasets.image.Normalization;
import dev.graft.zoo.nn.Layers;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.nn.Residual;
import dev.graft.zoo.nn.Sigmoid;
import dev.graft.zoo.nn.SqueezeExcitation;
import dev.graft.zoo.nn.StochasticDepth;
import java.util.ArrayList;
import java.util.List;

/**
 * torchvision's EfficientNet (V1, B0–B4) with its exact module names: a 3×3 stem, seven stages of
 * MBConv blocks (1×1 expansion, depthwise k×k, squeeze-and-excitation with SiLU and a sigmoid
 * gate, 1×1 projection, residual with stochastic depth when shape allows), a 1×1 head to 4× the
 * last width, average pool, dropout and a linear classifier. B1–B4 scale B0's widths and depths
 * by torchvision's multipliers. BatchNorm eps 1e-5, momentum 0.1; the stochastic-depth rate rises
 * linearly to 0.2 over the blocks (block index / block count), as in torchvision.
 */
public final class EfficientNet implements Architecture {

    /** The largest stochastic-depth rate, torchvision's default. */
    public static final float STOCHASTIC_DEPTH = 0.2f;

    /** B0's stages: expansion, kernel, first stride, input channels, output channels, blocks. */
    private static final int[][] STAGES = {
        {1, 3, 1, 32, 16, 1}, {6, 3, 2, 16, 24, 2}, {6, 5, 2, 24, 40, 2}, {6, 3, 2, 40, 80, 3},
        {6, 5, 1, 80, 112, 3}, {6, 5, 2, 112, 192, 4}, {6, 3, 1, 192, 320, 1}
    };

    /** Each stage's total stride (input side / its output side). */
    private static final int[] STAGE_STRIDES = {2, 4, 8, 16, 16, 32, 32};

    private final double widthMultiplier;
    private final double depthMultiplier;
    private final float dropout;
    private final ArchitectureSpec spec;

    private EfficientNet(String name, double width, double depth, float dropout, int inputSize, int resizeSize, long parameters) {
        this.widthMultiplier = width;
        this.depthMultiplier = depth;
        this.dropout = dropout;
        List<CutPoint> cuts = new ArrayList<>();
        cuts.add(CutPoint.at("stem", "features.0", channels(STAGES[0][3]), 2));
        for (int s = 0; s < STAGES.length; s++) {
            cuts.add(CutPoint.at("stage" + (s + 1), "features." + (s + 1), channels(STAGES[s][4]), STAGE_STRIDES[s]));
        }
        cuts.add(CutPoint.at("head", "features." + (STAGES.length + 1), headChannels(), 32));
        cuts.add(CutPoint.at("pool", "pool", headChannels(), 32));
        this.spec = new ArchitectureSpec(name, inputSize, resizeSize, Normalization.IMAGENET, cuts, "features.0", "classifier", parameters);
    }

    /** @return EfficientNet-B0 (width 1.0, depth 1.0, 224 crop of 256) */
    public static EfficientNet b0() {
        return new EfficientNet("efficientnet_b0", 1.0, 1.0, 0.2f, 224, 256, 5_288_548L);
    }

    /** @return EfficientNet-B1 (width 1.0, depth 1.1, 240 crop of 256) */
    public static EfficientNet b1() {
        return new EfficientNet("efficientnet_b1", 1.0, 1.1, 0.2f, 240, 256, 7_794_184L);
    }

    /** @return EfficientNet-B2 (width 1.1, depth 1.2, 288 crop of 288) */
    public static EfficientNet b2() {
        return new EfficientNet("efficientnet_b2", 1.1, 1.2, 0.3f, 288, 288, 9_109_994L);
    }

    /** @return EfficientNet-B3 (width 1.2, depth 1.4, 300 crop of 320) */
    public static EfficientNet b3() {
        return new EfficientNet("efficientnet_b3", 1.2, 1.4, 0.3f, 300, 320, 12_233_232L);
    }

    /** @return EfficientNet-B4 (width 1.4, depth 1.8, 380 crop of 384) */
    public static EfficientNet b4() {
        return new EfficientNet("efficientnet_b4", 1.4, 1.8, 0.4f, 380, 384, 19_341_616L);
    }

    private int channels(int b0Channels) {
        return ChannelRounding.toMultipleOf8(b0Channels * widthMultiplier);
    }

    private int blocks(int b0Blocks) {
        return (int) Math.ceil(b0Blocks * depthMultiplier);
    }

    private int headChannels() {
        return 4 * channels(STAGES[STAGES.length - 1][4]);
    }

    @Override
    public ArchitectureSpec spec() {
        return spec;
    }

    @Override
    public NamedSequential build(int numClasses) {
        int in = channels(STAGES[0][3]);
        NamedSequential net = new NamedSequential().add("features.0", convBnSilu(in, 3, 2, 1));
        int total = 0;
        for (int[] stage : STAGES) {
            total += blocks(stage[5]);
        }
        int index = 0;
        for (int s = 0; s < STAGES.length; s++) {
            int[] stage = STAGES[s];
            int out = channels(stage[4]);
            NamedSequential blocks = new NamedSequential();
            for (int b = 0; b < blocks(stage[5]); b++) {
                blocks.add(Integer.toString(b), mbConv(in, out, stage[0], stage[1], b == 0 ? stage[2] : 1, (float) index++ / total));
                in = out;
            }
            net.add("features." + (s + 1), blocks);
        }
        net.add("features." + (STAGES.length + 1), convBnSilu(headChannels(), 1, 1, 1));
        return net.add("pool", Layers.globalAveragePool())
                .add("classifier", new NamedSequential().add("0", Layers.dropout(dropout)).add("1", Layers.linear(numClasses)));
    }

    private static NamedSequential convBnSilu(int out, int kernel, int stride, int groups) {
        return Layers.convNormActivation(out, kernel, stride, groups, Layers.batchNorm(), Layers.silu());
    }

    /** torchvision's {@code MBConv}, its layers under {@code block}, dropped as a whole at rate 0.2 × {@code depth}. */
    private static Block mbConv(int in, int out, int expansion, int kernel, int stride, float depth) {
        int expanded = ChannelRounding.toMultipleOf8(in * (double) expansion);
        NamedSequential block = new NamedSequential();
        int i = 0;
        if (expanded != in) {
            block.add(Integer.toString(i++), convBnSilu(expanded, 1, 1, 1));
        }
        block.add(Integer.toString(i++), convBnSilu(expanded, kernel, stride, expanded))
                .add(Integer.toString(i++), new SqueezeExcitation(expanded, Math.max(1, in / 4), Layers.silu(), new Sigmoid()))
                .add(Integer.toString(i), Layers.convNormActivation(out, 1, 1, 1, Layers.batchNorm(), null));
        if (stride == 1 && in == out) {
            return new Residual(false).body("block", block).body("stochastic_depth", new StochasticDepth(depth, STOCHASTIC_DEPTH));
        }
        return new NamedSequential().add("block", block);
    }
}
