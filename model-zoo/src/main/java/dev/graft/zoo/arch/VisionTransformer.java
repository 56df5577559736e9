package dev.graft.zoo.arch;

import dev.graft.datasets.image.Normalization;
import dev.graft.zoo.nn.ClassToken;
import dev.graft.zoo.nn.ClassTokenPool;
import dev.graft.zoo.nn.EncoderBlock;
import dev.graft.zoo.nn.LayerNorm;
import dev.graft.zoo.nn.Layers;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.nn.PositionEmbedding;
import java.util.ArrayList;
import java.util.List;

/**
 * torchvision's VisionTransformer with its exact parameter names: {@code conv_proj} (the patch
 * embedding, a P×P/P convolution), {@code class_token}, {@code encoder.pos_embedding}, {@code
 * encoder.layers.encoder_layer_N} ({@link EncoderBlock}), {@code encoder.ln}, then {@code pool}
 * (the class token) and {@code heads.head}. Any size builds through {@link #builder()}; the
 * registered ones are one line each.
 *
 * <p>Cut points: {@code encoder_layer_0} … (channels = width, stride = patch size), whose tokens
 * a global average pool reduces to one vector per image (the mean of all tokens, class token
 * included), and {@code pool}, the class token after {@code encoder.ln}, what torchvision's head
 * sees. At an image size other than the native one the position embedding is resampled
 * bicubically to the new grid of patches ({@link PositionEmbedding}); the side must give a whole
 * grid (sides not divisible by the patch size lose their last pixels, as in the convolution).
 */
public final class VisionTransformer implements Architecture {

    private final Builder config;
    private final ArchitectureSpec spec;

    private VisionTransformer(Builder b) {
        config = b;
        List<CutPoint> cuts = new ArrayList<>();
        for (int i = 0; i < b.layers; i++) {
            cuts.add(new CutPoint("encoder_layer_" + i, "encoder.layers.encoder_layer_" + i, b.hidden, b.patchSize, true));
        }
        cuts.add(CutPoint.at("pool", "pool", b.hidden, b.patchSize));
        spec = new ArchitectureSpec(b.name, b.imageSize, b.resizeSize, Normalization.IMAGENET, cuts, "conv_proj", "heads", b.parameters);
    }

    /** @return torchvision's {@code vit_b_16}: 224 px, 16 px patches, 12 layers, 12 heads, width 768, MLP 3072 */
    public static VisionTransformer b16() {
        return builder().setName("vit_b_16").setPatchSize(16).setLayers(12).setHeads(12).setHidden(768).setMlp(3072).setParameters(86_567_656L).build();
    }

    /** @return torchvision's {@code vit_b_32}: as {@code vit_b_16} with 32 px patches */
    public static VisionTransformer b32() {
        return builder().setName("vit_b_32").setPatchSize(32).setLayers(12).setHeads(12).setHidden(768).setMlp(3072).setParameters(88_224_232L).build();
    }

    /** @return the parity configuration of {@code parity/vit_small_config}: 2 layers, 3 heads, width 192, MLP 768 */
    public static VisionTransformer smallConfig() {
        return builder().setName("vit_small_config").setPatchSize(16).setLayers(2).setHeads(3).setHidden(192).setMlp(768).setParameters(1_268_776L).build();
    }

    @Override
    public ArchitectureSpec spec() {
        return spec;
    }

    @Override
    public NamedSequential build(int numClasses) {
        Builder b = config;
        NamedSequential net = new NamedSequential()
                .add("conv_proj", Layers.conv(b.hidden, b.patchSize, b.patchSize, 0, 1, true))
                .add("class_token", new ClassToken(b.hidden))
                .add("encoder.pos_embedding", new PositionEmbedding(b.imageSize / b.patchSize, b.hidden));
        for (int i = 0; i < b.layers; i++) {
            net.add("encoder.layers.encoder_layer_" + i, new EncoderBlock(b.hidden, b.heads, b.mlp,
                    b.layers == 1 ? 0f : (float) i / (b.layers - 1)));
        }
        return net.add("encoder.ln", LayerNorm.lastAxis())
                .add("pool", new ClassTokenPool())
                .add("heads", new NamedSequential().add("head", Layers.linear(numClasses)));
    }

    /** @return a builder for any size */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a Vision Transformer configuration: {@code setX} required, {@code optX} optional. */
    public static final class Builder {

        private String name;
        private int imageSize = 224;
        private int resizeSize = 256;
        private int patchSize;
        private int layers;
        private int heads;
        private int hidden;
        private int mlp;
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
         * @param imageSize the native input side (default 224); sets the position embedding's grid
         * @return this builder
         */
        public Builder optImageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        /**
         * @param resizeSize the shorter side before the centre crop (default 256)
         * @return this builder
         */
        public Builder optResizeSize(int resizeSize) {
            this.resizeSize = resizeSize;
            return this;
        }

        /**
         * @param patchSize the patch side P
         * @return this builder
         */
        public Builder setPatchSize(int patchSize) {
            this.patchSize = patchSize;
            return this;
        }

        /**
         * @param layers the encoder layers
         * @return this builder
         */
        public Builder setLayers(int layers) {
            this.layers = layers;
            return this;
        }

        /**
         * @param heads the attention heads per layer
         * @return this builder
         */
        public Builder setHeads(int heads) {
            this.heads = heads;
            return this;
        }

        /**
         * @param hidden the token width D
         * @return this builder
         */
        public Builder setHidden(int hidden) {
            this.hidden = hidden;
            return this;
        }

        /**
         * @param mlp the MLP's inner width
         * @return this builder
         */
        public Builder setMlp(int mlp) {
            this.mlp = mlp;
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

        /** @return the architecture; fails naming what is missing or inconsistent */
        public VisionTransformer build() {
            if (name == null || patchSize < 1 || layers < 1 || heads < 1 || hidden < 1 || mlp < 1 || parameters < 0) {
                throw new IllegalArgumentException("a Vision Transformer needs a name, patch size, layers, heads, width, MLP width and parameter count");
            }
            if (hidden % heads != 0 || imageSize % patchSize != 0) {
                throw new IllegalArgumentException(name + ": the heads (" + heads + ") must divide the width (" + hidden
                        + ") and the patch size (" + patchSize + ") the image size (" + imageSize + ")");
            }
            return new VisionTransformer(this);
        }
    }
}
