package dev.graft.zoo.onnx;

import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import dev.graft.datasets.registry.Registry;
import dev.graft.zoo.nn.AvgPool;
import dev.graft.zoo.nn.ClassToken;
import dev.graft.zoo.nn.ClassTokenPool;
import dev.graft.zoo.nn.ConvNeXtBlock;
import dev.graft.zoo.nn.DenseConcat;
import dev.graft.zoo.nn.EncoderBlock;
import dev.graft.zoo.nn.Fire;
import dev.graft.zoo.nn.Gelu;
import dev.graft.zoo.nn.GlobalAveragePool;
import dev.graft.zoo.nn.HardSigmoid;
import dev.graft.zoo.nn.HardSwish;
import dev.graft.zoo.nn.LayerNorm;
import dev.graft.zoo.nn.MaxPool;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.nn.PRelu;
import dev.graft.zoo.nn.Permute;
import dev.graft.zoo.nn.PositionEmbedding;
import dev.graft.zoo.nn.Relu;
import dev.graft.zoo.nn.Relu6;
import dev.graft.zoo.nn.Residual;
import dev.graft.zoo.nn.SelfAttention;
import dev.graft.zoo.nn.Sigmoid;
import dev.graft.zoo.nn.Silu;
import dev.graft.zoo.nn.SqueezeExcitation;
import dev.graft.zoo.nn.StochasticDepth;

/**
 * The block types the ONNX exporter writes: the built-in ones below, one line each (their
 * writers are in {@link BuiltInBlockExports} and, for ConvNeXt and the Vision Transformer, {@link
 * TransformerBlockExports}), plus those of every {@link BlockExportProvider} on
 * the class path.
 */
public final class BlockExports {

    /** The shared registry: the built-in exports below, then the service-loaded ones; plug-ins may add to it. */
    public static final Registry<BlockExport> REGISTRY = new Registry<BlockExport>("ONNX block export")
            .register("sequence", BlockExport.of(NamedSequential.class, BuiltInBlockExports::sequence).except(DenseConcat.class))
            .register("residual", BlockExport.of(Residual.class, BuiltInBlockExports::residual))
            .register("fire", BlockExport.of(Fire.class, BuiltInBlockExports::fire))
            .register("dense-concat", BlockExport.of(DenseConcat.class, BuiltInBlockExports::denseConcat))
            .register("onnx-segment", BlockExport.of(OnnxSegment.class, BuiltInBlockExports::segment))
            .register("conv", BlockExport.of(Convolution.class, BuiltInBlockExports::convolution))
            .register("batch-norm", BlockExport.of(BatchNorm.class, BuiltInBlockExports::batchNorm))
            .register("linear", BlockExport.of(Linear.class, BuiltInBlockExports::linear))
            .register("max-pool", BlockExport.of(MaxPool.class, BuiltInBlockExports::maxPool))
            .register("avg-pool", BlockExport.of(AvgPool.class, BuiltInBlockExports::avgPool))
            .register("global-average-pool", BlockExport.of(GlobalAveragePool.class, BuiltInBlockExports::globalAveragePool))
            .register("dropout", BlockExport.of(Dropout.class, (block, name, x, context) -> x))
            .register("relu", BlockExport.of(Relu.class, (block, name, x, context) -> context.node("Relu", name, java.util.List.of(x))))
            .register("prelu", BlockExport.of(PRelu.class, BuiltInBlockExports::prelu))
            .register("relu6", BlockExport.of(Relu6.class, BuiltInBlockExports::relu6))
            .register("layer-norm", BlockExport.of(LayerNorm.class, TransformerBlockExports::layerNorm))
            .register("gelu", BlockExport.of(Gelu.class, TransformerBlockExports::gelu))
            .register("permute", BlockExport.of(Permute.class, TransformerBlockExports::permute))
            .register("convnext-block", BlockExport.of(ConvNeXtBlock.class, TransformerBlockExports::convNeXtBlock))
            .register("class-token", BlockExport.of(ClassToken.class, TransformerBlockExports::classToken))
            .register("position-embedding", BlockExport.of(PositionEmbedding.class, TransformerBlockExports::positionEmbedding))
            .register("self-attention", BlockExport.of(SelfAttention.class, TransformerBlockExports::selfAttention))
            .register("encoder-block", BlockExport.of(EncoderBlock.class, TransformerBlockExports::encoderBlock))
            .register("class-token-pool", BlockExport.of(ClassTokenPool.class, TransformerBlockExports::classTokenPool))
            .register("sigmoid", BlockExport.of(Sigmoid.class, (block, name, x, context) -> context.node("Sigmoid", name, java.util.List.of(x))))
            .register("silu", BlockExport.of(Silu.class, BuiltInBlockExports::silu))
            .register("hard-sigmoid", BlockExport.of(HardSigmoid.class, (block, name, x, context) -> BuiltInBlockExports.hardSigmoid(name, x, context)))
            .register("hard-swish", BlockExport.of(HardSwish.class, BuiltInBlockExports::hardSwish))
            .register("squeeze-excitation", BlockExport.of(SqueezeExcitation.class, BuiltInBlockExports::squeezeExcitation))
            .register("stochastic-depth", BlockExport.of(StochasticDepth.class, (block, name, x, context) -> x))
            .load(BlockExportProvider.class);

    private BlockExports() {}
}
