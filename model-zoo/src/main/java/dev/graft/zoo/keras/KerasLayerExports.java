package dev.graft.zoo.keras;

import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import dev.graft.datasets.registry.Registry;
import dev.graft.zoo.nn.AvgPool;
import dev.graft.zoo.nn.DenseConcat;
import dev.graft.zoo.nn.Fire;
import dev.graft.zoo.nn.GlobalAveragePool;
import dev.graft.zoo.nn.MaxPool;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.nn.Relu;
import dev.graft.zoo.nn.Relu6;
import dev.graft.zoo.nn.Residual;
import dev.graft.zoo.nn.StochasticDepth;
import dev.graft.zoo.onnx.OnnxSegment;

/**
 * The block types the Keras / TensorFlow.js exporter writes: the built-in ones below, one line
 * each (their writers are in {@link BuiltInKerasLayerExports} and, for segments imported from
 * ONNX files, {@link OnnxSegmentKerasExport}), plus those of every {@link
 * KerasLayerExportProvider} on the class path. Dropout and stochastic depth are the identity at
 * inference. A block with no export here is refused by name.
 */
public final class KerasLayerExports {

    /** The shared registry: the built-in exports below, then the service-loaded ones; plug-ins may add to it. */
    public static final Registry<KerasLayerExport> REGISTRY = new Registry<KerasLayerExport>("Keras layer export")
            .register("sequence", KerasLayerExport.of(NamedSequential.class, DenseConcat.class, BuiltInKerasLayerExports::sequence))
            .register("residual", KerasLayerExport.of(Residual.class, BuiltInKerasLayerExports::residual))
            .register("fire", KerasLayerExport.of(Fire.class, BuiltInKerasLayerExports::fire))
            .register("dense-concat", KerasLayerExport.of(DenseConcat.class, BuiltInKerasLayerExports::denseConcat))
            .register("conv", KerasLayerExport.of(Convolution.class, BuiltInKerasLayerExports::convolution))
            .register("batch-norm", KerasLayerExport.of(BatchNorm.class, BuiltInKerasLayerExports::batchNorm))
            .register("linear", KerasLayerExport.of(Linear.class, BuiltInKerasLayerExports::linear))
            .register("max-pool", KerasLayerExport.of(MaxPool.class, BuiltInKerasLayerExports::maxPool))
            .register("avg-pool", KerasLayerExport.of(AvgPool.class, BuiltInKerasLayerExports::avgPool))
            .register("global-average-pool", KerasLayerExport.of(GlobalAveragePool.class, BuiltInKerasLayerExports::globalAveragePool))
            .register("dropout", KerasLayerExport.of(Dropout.class, (block, name, x, context) -> x))
            .register("onnx-segment", KerasLayerExport.of(OnnxSegment.class, OnnxSegmentKerasExport::segment))
            .register("stochastic-depth", KerasLayerExport.of(StochasticDepth.class, (block, name, x, context) -> x))
            .register("relu", KerasLayerExport.of(Relu.class, (block, name, x, context) -> BuiltInKerasLayerExports.relu(name, x, null, context)))
            .register("relu6", KerasLayerExport.of(Relu6.class, (block, name, x, context) -> BuiltInKerasLayerExports.relu(name, x, 6.0, context)))
            .load(KerasLayerExportProvider.class);

    private KerasLayerExports() {}
}
