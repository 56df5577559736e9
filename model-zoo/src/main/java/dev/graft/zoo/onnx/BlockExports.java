package dev.graft.zoo.onnx;

import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import dev.graft.datasets.registry.Registry;
import dev.graft.zoo.nn.Fire;
import dev.graft.zoo.nn.HardSigmoid;
import dev.graft.zoo.nn.HardSwish;
import dev.graft.zoo.nn.GlobalAveragePool;
import dev.graft.zoo.nn.MaxPool;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.nn.Relu;
import dev.graft.zoo.nn.Relu6;
import dev.graft.zoo.nn.Residual;
import dev.graft.zoo.nn.Sigmoid;
import dev.graft.zoo.nn.Silu;
import dev.graft.zoo.nn.SqueezeExcitation;
import dev.graft.zoo.nn.StochasticDepth;

/**
 * The block types the ONNX exporter writes: the built-in ones below, one line each (their
 * writers are in {@link BuiltInBlockExports}), plus those of every {@link BlockExportProvider} on
 * the class path.
 */
public final class BlockExports {

    /** The shared registry: the built-in exports below, then the service-loaded ones; plug-ins may add to it. */
    public static final Registry<BlockExport> REGISTRY = new Registry<BlockExport>("ONNX block export")
            .register("sequence", BlockExport.of(NamedSequential.class, BuiltInBlockExports::sequence))
            .register("residual", BlockExport.of(Residual.class, BuiltInBlockExports::residual))
            .register("fire", BlockExport.of(Fire.class, BuiltInBlockExports::fire))
            .register("onnx-segment", BlockExport.of(OnnxSegment.class, BuiltInBlockExports::segment))
            .register("conv", BlockExport.of(Convolution.class, BuiltInBlockExports::convolution))
            .register("batch-norm", BlockExport.of(BatchNorm.class, BuiltInBlockExports::batchNorm))
            .register("linear", BlockExport.of(Linear.class, BuiltInBlockExports::linear))
            .register("max-pool", BlockExport.of(MaxPool.class, BuiltInBlockExports::maxPool))
            .register("global-average-pool", BlockExport.of(GlobalAveragePool.class, BuiltInBlockExports::globalAveragePool))
            .register("dropout", BlockExport.of(Dropout.class, (block, name, x, context) -> x))
            .register("relu", BlockExport.of(Relu.class, (block, name, x, context) -> context.node("Relu", name, java.util.List.of(x))))
            .register("relu6", BlockExport.of(Relu6.class, BuiltInBlockExports::relu6))
            .register("sigmoid", BlockExport.of(Sigmoid.class, (block, name, x, context) -> context.node("Sigmoid", name, java.util.List.of(x))))
            .register("silu", BlockExport.of(Silu.class, BuiltInBlockExports::silu))
            .register("hard-sigmoid", BlockExport.of(HardSigmoid.class, (block, name, x, context) -> BuiltInBlockExports.hardSigmoid(name, x, context)))
            .register("hard-swish", BlockExport.of(HardSwish.class, BuiltInBlockExports::hardSwish))
            .register("squeeze-excitation", BlockExport.of(SqueezeExcitation.class, BuiltInBlockExports::squeezeExcitation))
            .register("stochastic-depth", BlockExport.of(StochasticDepth.class, (block, name, x, context) -> x))
            .load(BlockExportProvider.class);

    private BlockExports() {}
}
