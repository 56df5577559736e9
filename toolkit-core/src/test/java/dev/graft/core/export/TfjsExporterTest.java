package dev.graft.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graft.datasets.image.Normalization;
import dev.graft.zoo.keras.TfjsExporter;
import dev.graft.zoo.keras.TfjsLayersModel;
import dev.graft.zoo.nn.AvgPool;
import dev.graft.zoo.nn.Layers;
import dev.graft.zoo.nn.MaxPool;
import dev.graft.zoo.nn.NamedSequential;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Keras layer mappings no zoo architecture reaches, checked in TensorFlow.js: a rectangular
 * kernel with unequal strides and padding (ZeroPadding2D + valid Conv2D with bias), a max pool in
 * ceil mode whose last window hangs over the edge (an extra bottom zero row after a ReLU), a
 * depthwise convolution with multiplier 2, a dilated convolution, ReLU6, average pooling and the
 * in-model normalisation, on an odd-sided input.
 */
class TfjsExporterTest {

    @Test
    void unusualLayers_matchDjlInTensorFlowJs(@TempDir Path dir) throws Exception {
        TfjsCheck.requireNode();
        int side = 23;
        NamedSequential net = new NamedSequential()
                .add("conv1", Conv2d.builder().setFilters(6).setKernelShape(new Shape(3, 5)).optStride(new Shape(2, 1))
                        .optPadding(new Shape(1, 2)).optBias(true).build())
                .add("bn1", Layers.batchNorm())
                .add("relu1", Layers.relu())
                .add("pool1", new MaxPool(3, 2, 1, true))
                .add("dw", Conv2d.builder().setFilters(12).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).optGroups(6)
                        .optBias(false).build())
                .add("dilated", Conv2d.builder().setFilters(5).setKernelShape(new Shape(3, 3)).optDilation(new Shape(2, 2))
                        .optPadding(new Shape(1, 1)).optBias(true).build())
                .add("relu6", Layers.relu6())
                .add("avg", new AvgPool(2))
                .add("gap", Layers.globalAveragePool())
                .add("fc", Layers.linear(4));
        float[] mean = {0.4f, 0.5f, 0.6f};
        float[] std = {0.2f, 0.25f, 0.3f};
        int batch = 2;
        float[] pixels = new float[batch * 3 * side * side];
        Random random = new Random(11);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        float[] expected;
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            manager.getEngine().setRandomSeed(5);
            net.setInitializer(new NormalInitializer(0.3f), Parameter.Type.WEIGHT);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, side, side));
            for (var p : net.getParameters().values()) {
                if (p.getArray().getShape().dimension() == 1) {
                    float[] v = new float[(int) p.getArray().size()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = p.getType() == Parameter.Type.RUNNING_VAR || p.getType() == Parameter.Type.GAMMA
                                ? 0.5f + random.nextFloat() : (float) random.nextGaussian() * 0.3f;
                    }
                    p.getArray().set(FloatBuffer.wrap(v));
                }
            }
            Normalization normalization = new Normalization(mean, std);
            float[] normalized = new float[pixels.length];
            int size = 3 * side * side;
            for (int b = 0; b < batch; b++) {
                System.arraycopy(normalization.apply(java.util.Arrays.copyOfRange(pixels, b * size, (b + 1) * size)), 0, normalized,
                        b * size, size);
            }
            NDList logits = net.forward(new ParameterStore(manager, false), new NDList(manager.create(normalized,
                    new Shape(batch, 3, side, side))), false);
            expected = logits.singletonOrThrow().softmax(1).toFloatArray();
            TfjsLayersModel model = TfjsExporter.export(net, 4, new TfjsExporter.Options(side, mean, std));
            List<String> classes = model.modelTopology().path("config").path("layers").findValuesAsText("class_name");
            assertEquals(List.of("InputLayer", "DepthwiseConv2D", "ZeroPadding2D", "Conv2D", "BatchNormalization", "ReLU",
                    "ZeroPadding2D", "MaxPooling2D", "DepthwiseConv2D", "ZeroPadding2D", "Conv2D", "ReLU", "AveragePooling2D",
                    "GlobalAveragePooling2D", "Dense", "Activation"), classes);
            assertEquals("[[1,2],[1,1]]", model.modelTopology().path("config").path("layers").get(6).path("config").path("padding")
                    .toString(), "the ceil-mode pool gets one extra bottom row");
            model.write(dir, "test", JsonNodeFactory.instance.objectNode());
        }
        TfjsNode.Prediction actual = TfjsNode.predict(dir, TfjsExport.toNhwc(pixels, batch, side), new long[] {batch, side, side, 3});
        double diff = TfjsExport.maxAbsDifference(expected, actual.output());
        System.out.printf(java.util.Locale.ROOT, "unusual layers: TensorFlow.js max_abs_diff %.3e%n", diff);
        assertEquals(expected.length, actual.output().length);
        assertTrue(diff <= RunExport.TOLERANCE, "max_abs_diff " + diff);
    }
}
