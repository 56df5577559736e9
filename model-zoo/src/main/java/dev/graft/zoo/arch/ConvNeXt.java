package dev.graft.zoo.arch;

import dev.graft.datasets.image.Normalization;
import dev.graft.zoo.nn.ConvNeXtBlock;
import dev.graft.zoo.nn.LayerNorm;
import dev.graft.zoo.nn.Layers;
import dev.graft.zoo.nn.NamedSequential;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * torchvision's ConvNeXt with its exact module names: {@code features.0} is the 4×4/4 stem
 * convolution and LayerNorm2d, {@code features.1, 3, 5, 7} the four stages of {@link
 * ConvNeXtBlock}s, {@code features.2, 4, 6} the LayerNorm2d + 2×2/2 convolution downsamplings;
 * then {@code pool}, {@code classifier.0} (LayerNorm over the pooled channels) and {@code
 * classifier.2} (Linear), torchvision's classifier as two top-level modules. Any
 * depths and widths build through {@link #builder()}; the registered sizes are one line each.
 *
 * <p>Cut points: {@code stem} (stride 4), {@code stage1} … {@code stage4} (strides 4, 8, 16, 32)
 * and {@code pool}, the average-pooled last stage after the classifier's pretrained LayerNorm,
 * which a new head keeps (timm keeps it too); only the final Linear is replaced.
 */
public final class ConvNeXt implements Architecture {

    private final int[] depths;
    private final int[] widths;
    private final float layerScale;
    private final float maxDropRate;
    private final ArchitectureSpec spec;

    private ConvNeXt(Builder b) {
        depths = b.depths;
        widths = b.widths;
        layerScale = b.layerScale;
        maxDropRate = b.stochasticDepth;
        List<CutPoint> cuts = new ArrayList<>(List.of(CutPoint.at("stem", "features.0", widths[0], 4)));
        for (int stage = 0; stage < 4; stage++) {
            cuts.add(CutPoint.at("stage" + (stage + 1), "features." + (2 * stage + 1), widths[stage], 4 << stage));
        }
        cuts.add(CutPoint.at("pool", "classifier.0", widths[3], 32));
        spec = new ArchitectureSpec(b.name, 224, b.resizeSize, Normalization.IMAGENET, cuts, "features.0", "classifier.2", b.parameters);
    }

    /** @return torchvision's {@code convnext_tiny}: depths 3, 3, 9, 3, widths 96 … 768, stochastic depth 0.1 */
    public static ConvNeXt tiny() {
        return builder().setName("convnext_tiny").setDepths(3, 3, 9, 3).setWidths(96, 192, 384, 768).optStochasticDepth(0.1f).optResizeSize(236).setParameters(28_589_128L).build();
    }

    /** @return torchvision's {@code convnext_small}: depths 3, 3, 27, 3, widths 96 … 768, stochastic depth 0.4 */
    public static ConvNeXt small() {
        return builder().setName("convnext_small").setDepths(3, 3, 27, 3).setWidths(96, 192, 384, 768).optStochasticDepth(0.4f).optResizeSize(230).setParameters(50_223_688L).build();
    }

    /** @return torchvision's {@code convnext_base}: depths 3, 3, 27, 3, widths 128 … 1024, stochastic depth 0.5 */
    public static ConvNeXt base() {
        return builder().setName("convnext_base").setDepths(3, 3, 27, 3).setWidths(128, 256, 512, 1024).optStochasticDepth(0.5f).optResizeSize(232).setParameters(88_591_464L).build();
    }

    /** @return the parity configuration of {@code parity/convnext_small_config}: depths 1, 1, 2, 1, widths 40 … 320 (timm's atto sizes) */
    public static ConvNeXt smallConfig() {
        return builder().setName("convnext_small_config").setDepths(1, 1, 2, 1).setWidths(40, 80, 160, 320).optStochasticDepth(0f).optResizeSize(236).setParameters(1_930_480L).build();
    }

    @Override
    public ArchitectureSpec spec() {
        return spec;
    }

    @Override
    public NamedSequential build(int numClasses) {
        NamedSequential net = new NamedSequential().add("features.0", new NamedSequential()
                .add("0", Layers.conv(widths[0], 4, 4, 0, 1, true))
                .add("1", LayerNorm.channels()));
        int blocks = Arrays.stream(depths).sum();
        int id = 0;
        for (int stage = 0; stage < 4; stage++) {
            NamedSequential blocksOfStage = new NamedSequential();
            for (int i = 0; i < depths[stage]; i++) {
                float depth = blocks > 1 ? id / (float) (blocks - 1) : 0f;
                blocksOfStage.add(Integer.toString(i), new ConvNeXtBlock(widths[stage], layerScale, depth, maxDropRate));
                id++;
            }
            net.add("features." + (2 * stage + 1), blocksOfStage);
            if (stage < 3) {
                net.add("features." + (2 * stage + 2), new NamedSequential()
                        .add("0", LayerNorm.channels())
                        .add("1", Layers.conv(widths[stage + 1], 2, 2, 0, 1, true)));
            }
        }
        // torchvision's classifier is LayerNorm2d, Flatten, Linear: the LayerNorm (classifier.0) is
        // pretrained and stays with the trunk, so a new head replaces only the Linear (classifier.2),
        // as timm's reset_classifier does.
        return net.add("pool", Layers.globalAveragePool())
                .add("classifier.0", LayerNorm.lastAxis())
                .add("classifier.2", Layers.linear(numClasses));
    }

    /** @return a builder for any depths and widths */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a ConvNeXt configuration: {@code setX} required, {@code optX} optional. */
    public static final class Builder {

        private String name;
        private int[] depths;
        private int[] widths;
        private float layerScale = 1e-6f;
        private float stochasticDepth;
        private int resizeSize = 232;
        private long parameters = -1;

        private Builder() {}

        /**
         * @param name the registry name
         * @return this builder
         */
        public Builder setName(String name) {
            this.name = name;
            return this;
        }

        /**
         * @param depths blocks per stage, four values
         * @return this builder
         */
        public Builder setDepths(int... depths) {
            this.depths = depths.clone();
            return this;
        }

        /**
         * @param widths channels per stage, four values
         * @return this builder
         */
        public Builder setWidths(int... widths) {
            this.widths = widths.clone();
            return this;
        }

        /**
         * @param layerScale the initial {@code layer_scale} value (torchvision: 1e-6)
         * @return this builder
         */
        public Builder optLayerScale(float layerScale) {
            this.layerScale = layerScale;
            return this;
        }

        /**
         * @param maxRate the stochastic-depth rate of the last block; earlier blocks get it times
         *     their index over the last index, torchvision's linear schedule
         * @return this builder
         */
        public Builder optStochasticDepth(float maxRate) {
            this.stochasticDepth = maxRate;
            return this;
        }

        /**
         * @param resizeSize the shorter side before the 224 centre crop (torchvision's weights: 230–236)
         * @return this builder
         */
        public Builder optResizeSize(int resizeSize) {
            this.resizeSize = resizeSize;
            return this;
        }

        /**
         * @param parameters the 1000-class model's trainable parameter count, checked by the tests
         * @return this builder
         */
        public Builder setParameters(long parameters) {
            this.parameters = parameters;
            return this;
        }

        /** @return the architecture; fails naming what is missing or out of range */
        public ConvNeXt build() {
            if (name == null || depths == null || widths == null || parameters < 0) {
                throw new IllegalArgumentException("ConvNeXt needs a name, depths, widths and a parameter count");
            }
            if (depths.length != 4 || widths.length != 4 || Arrays.stream(depths).anyMatch(d -> d < 1) || Arrays.stream(widths).anyMatch(w -> w < 1)) {
                throw new IllegalArgumentException(name + ": ConvNeXt needs four positive depths and four positive widths, got "
                        + Arrays.toString(depths) + " and " + Arrays.toString(widths));
            }
            if (!(stochasticDepth >= 0 && stochasticDepth < 1)) {
                throw new IllegalArgumentException(name + ": stochastic depth must be in [0, 1), got " + stochasticDepth);
            }
            return new ConvNeXt(this);
        }
    }
}
