package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.protobuf.ByteString;
import dev.graft.core.export.RunExport;
import dev.graft.core.export.TfjsExport;
import dev.graft.core.export.TfjsNode;
import dev.graft.zoo.arch.PretrainedNetwork;
import dev.graft.zoo.keras.TfjsExporter;
import dev.graft.zoo.keras.TfjsLayersModel;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.onnx.OnnxGraphBackbone;
import dev.graft.zoo.onnx.proto.Onnx;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Networks rebuilt from ONNX files ({@code --arch onnx}) export to TensorFlow.js node by node:
 * torchvision's own SqueezeNet 1.1 ONNX export (ceil-mode max pools, Concat, Dropout,
 * GlobalAveragePool, Flatten), and a small graph that flattens a 2×2 map into its
 * Gemm, which only agrees if the Dense rows are permuted from (c, h, w) to Keras's (h, w, c) order.
 * The log-probabilities are compared, so each of 1000 classes counts.
 */
class TfjsExportOnnxImportTest {

    @BeforeEach
    void requireNode() {
        TfjsNodeCheck.require();
    }

    @ParameterizedTest
    @ValueSource(strings = {"squeezenet1_1"})
    void torchvisionOnnxExports_matchInTensorFlowJs(String arch, @TempDir Path dir) throws Exception {
        double diff = parity(SharedAssets.require("weights/" + arch + "/model.onnx"), 64, dir);
        System.out.printf(java.util.Locale.ROOT, "%s from ONNX: TensorFlow.js max_abs_diff of log-probabilities %.3e%n", arch, diff);
        assertTrue(diff <= RunExport.TOLERANCE, arch + ": " + diff);
    }

    @Test
    void flattenOfASpatialMap_permutesTheDenseRows(@TempDir Path dir) throws Exception {
        Random random = new Random(3);
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("flat");
        g.addInput(valueInfo("x", 3, 8, 8)).addOutput(valueInfo("fc", 5));
        g.addInitializer(tensor("conv.w", random, 4, 3, 3, 3)).addInitializer(tensor("conv.b", random, 4));
        g.addInitializer(tensor("fc.w", random, 5, 16)).addInitializer(tensor("fc.b", random, 5));
        g.addNode(node("Conv", "conv", List.of("x", "conv.w", "conv.b"), ints("kernel_shape", 3, 3), ints("strides", 2, 2),
                ints("pads", 1, 1, 1, 1)));
        g.addNode(node("Relu", "relu", List.of("conv")));
        g.addNode(node("MaxPool", "pool", List.of("relu"), ints("kernel_shape", 2, 2), ints("strides", 2, 2)));
        g.addNode(node("Flatten", "flat", List.of("pool"), Onnx.AttributeProto.newBuilder().setName("axis")
                .setType(Onnx.AttributeProto.AttributeType.INT).setI(1).build()));
        g.addNode(node("Gemm", "fc", List.of("flat", "fc.w", "fc.b"), Onnx.AttributeProto.newBuilder().setName("transB")
                .setType(Onnx.AttributeProto.AttributeType.INT).setI(1).build()));
        Path file = dir.resolve("flat.onnx");
        Files.write(file, Onnx.ModelProto.newBuilder().setIrVersion(7).setGraph(g)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).build().toByteArray());
        double diff = parity(file, 8, dir);
        System.out.printf(java.util.Locale.ROOT, "Flatten of a 4x2x2 map into Gemm: TensorFlow.js max_abs_diff of log-probabilities %.3e%n", diff);
        assertTrue(diff <= RunExport.TOLERANCE, "max_abs_diff " + diff);
    }

    @Test
    void kerasTfjsMobileNetV2_roundTrips(@TempDir Path dir) throws Exception {
        Path file = SharedAssets.require("keras/tfjs_mobilenet_v2_nsfw/model.json");
        int side = 224;
        int batch = 2;
        float[] pixels = new float[batch * 3 * side * side];
        Random random = new Random(1);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        float[] expected;
        Path out = Files.createDirectories(dir.resolve("tfjs"));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NamedSequential network = PretrainedNetwork.load(dev.graft.zoo.keras.KerasGraphBackbone.open(file), file.toString(), manager).network();
            var logits = network.forward(new ParameterStore(manager, false), new NDList(manager.create(pixels,
                    new Shape(batch, 3, side, side))), false).singletonOrThrow();
            System.out.println("keras net output " + logits.getShape() + " " + java.util.Arrays.toString(logits.toFloatArray()));
            expected = logits.logSoftmax(1).toFloatArray();
            TfjsLayersModel model = TfjsExporter.export(network, (int) logits.getShape().get(1), new TfjsExporter.Options(side, null, null));
            System.out.println("layers " + model.modelTopology().path("config").path("layers").size());
            model.write(out, "test", JsonNodeFactory.instance.objectNode());
        }
        TfjsNode.Prediction p = TfjsNode.predict(out, TfjsExport.toNhwc(pixels, batch, side), new long[] {batch, side, side, 3});
        float[] lp = new float[p.output().length];
        for (int i = 0; i < lp.length; i++) {
            lp[i] = (float) Math.log(p.output()[i]);
        }
        double diff = TfjsExport.maxAbsDifference(expected, lp);
        System.out.printf(java.util.Locale.ROOT, "keras tfjs mobilenet round trip: max_abs_diff of log-probabilities %.3e%n", diff);
        assertTrue(diff <= RunExport.TOLERANCE, "diff " + diff);
    }

    /** Rebuilds the file, exports it at a side, runs both; returns the largest log-probability difference. */
    private static double parity(Path onnx, int side, Path dir) throws Exception {
        int batch = 2;
        float[] pixels = new float[batch * 3 * side * side];
        Random random = new Random(side);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        float[] expected;
        int classes;
        Path out = Files.createDirectories(dir.resolve("tfjs"));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NamedSequential network = PretrainedNetwork.load(OnnxGraphBackbone.open(onnx), onnx.toString(), manager).network();
            var logits = network.forward(new ParameterStore(manager, false), new NDList(manager.create(pixels,
                    new Shape(batch, 3, side, side))), false).singletonOrThrow();
            classes = (int) logits.getShape().get(1);
            expected = logits.logSoftmax(1).toFloatArray();
            TfjsLayersModel model = TfjsExporter.export(network, classes, new TfjsExporter.Options(side, null, null));
            model.write(out, "test", JsonNodeFactory.instance.objectNode());
        }
        TfjsNode.Prediction p = TfjsNode.predict(out, TfjsExport.toNhwc(pixels, batch, side), new long[] {batch, side, side, 3});
        assertEquals(batch * classes, p.output().length);
        float[] logProbabilities = new float[p.output().length];
        for (int i = 0; i < logProbabilities.length; i++) {
            logProbabilities[i] = (float) Math.log(p.output()[i]);
        }
        return TfjsExport.maxAbsDifference(expected, logProbabilities);
    }

    private static Onnx.NodeProto node(String op, String name, List<String> inputs, Onnx.AttributeProto... attributes) {
        return Onnx.NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(name)
                .addAllAttribute(List.of(attributes)).build();
    }

    private static Onnx.AttributeProto ints(String name, long... values) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INTS)
                .addAllInts(java.util.Arrays.stream(values).boxed().toList()).build();
    }

    private static Onnx.TensorProto tensor(String name, Random random, long... dims) {
        int size = (int) java.util.Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        ByteBuffer bytes = ByteBuffer.allocate(4 * size).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < size; i++) {
            bytes.putFloat((float) random.nextGaussian() * 0.5f);
        }
        return Onnx.TensorProto.newBuilder().setName(name).setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(java.util.Arrays.stream(dims).boxed().toList()).setRawData(ByteString.copyFrom(bytes.array())).build();
    }

    private static Onnx.ValueInfoProto valueInfo(String name, long... dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder()
                .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (long d : dims) {
            shape.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder().setTensorType(
                Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }
}
