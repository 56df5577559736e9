package dev.graft.zoo.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.graft.zoo.arch.PretrainedNetwork;
import dev.graft.zoo.onnx.proto.Onnx;
import dev.graft.zoo.weights.Refusals;
import dev.graft.zoo.weights.WeightImportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxGraphBackboneTest {

    @Test
    void open_graphThatPassesTheChecksButCannotRun_isAWeightImportError(@TempDir Path dir) throws Exception {
        OnnxGraph g = new OnnxGraph("small");
        g.input("x", -1, 3, 4, 4);
        g.initializer("w", new float[4 * 3 * 7 * 7], 4, 3, 7, 7);
        String conv = g.node("Conv", "conv1", List.of("x", "w"), OnnxGraph.ints("kernel_shape", 7, 7));
        String gap = g.node("GlobalAveragePool", "gap", List.of(conv));
        g.output(gap, -1, 4, 1, 1);
        Path file = write(dir.resolve("kernel.onnx"), g);
        Refusals.assertRefused(WeightImportException.class, file, () -> OnnxGraphBackbone.open(file), "cannot run on a [1, 3, 4, 4] image");
    }

    private static Path write(Path file, OnnxGraph g) throws Exception {
        return Files.write(file, Onnx.ModelProto.newBuilder().setIrVersion(8).setGraph(g.build())
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setVersion(17)).build().toByteArray());
    }

    /** A classifier whose Gemm weight has no rows once built DJL's "You must specify unit"; now it names the node. */
    @Test
    void open_gemmWithAnEmptyWeight_isAWeightImportErrorNamingTheNode(@TempDir Path dir) throws Exception {
        OnnxGraph g = new OnnxGraph("empty");
        g.input("x", -1, 3, 8, 8);
        g.initializer("w", new float[4 * 3 * 3 * 3], 4, 3, 3, 3);
        g.initializer("fc", new float[0], 0, 4);
        String conv = g.node("Conv", "conv1", List.of("x", "w"), OnnxGraph.ints("kernel_shape", 3, 3));
        String gap = g.node("GlobalAveragePool", "gap", List.of(conv));
        String flat = g.node("Flatten", "flat", List.of(gap), OnnxGraph.integer("axis", 1));
        String logits = g.node("Gemm", "classifier", List.of(flat, "fc"), OnnxGraph.integer("transB", 1));
        g.output(logits, -1, 0);
        Path file = write(dir.resolve("empty.onnx"), g);
        Refusals.assertRefused(WeightImportException.class, file, () -> OnnxGraphBackbone.open(file),
                "node 'classifier' (Gemm)", "weight has shape [0, 4]");
    }

    /** input → op → GlobalAveragePool → Flatten → Gemm(identity): the logits are the op's value on each channel's constant. */
    private static Path channelGraph(Path dir, String op, Onnx.AttributeProto... attributes) throws Exception {
        OnnxGraph g = new OnnxGraph("small");
        g.input("x", -1, 3, 2, 2);
        String y = g.node(op, "act", List.of("x"), attributes);
        String gap = g.node("GlobalAveragePool", "gap", List.of(y));
        String flat = g.node("Flatten", "flat", List.of(gap), OnnxGraph.integer("axis", 1));
        g.initializer("w", new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3, 3);
        g.node("Gemm", "fc", List.of(flat, "w"), OnnxGraph.integer("transB", 1));
        g.output("fc", -1, 3);
        return write(dir.resolve(op + ".onnx"), g);
    }

    private static float[] run(Path file, float... channelValues) throws Exception {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            var network = PretrainedNetwork.load(OnnxGraphBackbone.open(file), file.toString(), manager).network();
            float[] x = new float[12];
            for (int i = 0; i < 12; i++) {
                x[i] = channelValues[i / 4];
            }
            return network.forward(new ParameterStore(manager, false),
                    new NDList(manager.create(x, new Shape(1, 3, 2, 2))), false)
                    .singletonOrThrow().toFloatArray();
        }
    }

    @Test
    void hardSwishHardSigmoidAndSigmoid_importWithOnnxsDefinitions(@TempDir Path dir) throws Exception {
        assertArrayEquals(new float[] {0f, -1f / 3, 4f}, run(channelGraph(dir, "HardSwish"), -4f, -1f, 4f), 1e-6f);
        assertArrayEquals(new float[] {0f, 0.3f, 1f},
                run(channelGraph(dir, "HardSigmoid"), -4f, -1f, 4f), 1e-6f, "alpha 0.2, beta 0.5 by default");
        assertArrayEquals(new float[] {0.5f, (float) (1 / (1 + Math.exp(1))), (float) (1 / (1 + Math.exp(-4)))},
                run(channelGraph(dir, "Sigmoid"), 0f, -1f, 4f), 1e-6f);
    }

    @Test
    void constantOperands_importInTheirPositions(@TempDir Path dir) throws Exception {
        OnnxGraph g = new OnnxGraph("small");
        g.input("x", -1, 3, 2, 2);
        g.initializer("half", new float[] {0.5f});
        g.initializer("one", new float[] {1f});
        String y = g.node("Mul", "scale", List.of("x", "half"));
        String z = g.node("Sub", "flip", List.of("one", y));
        String gap = g.node("GlobalAveragePool", "gap", List.of(z));
        String flat = g.node("Flatten", "flat", List.of(gap), OnnxGraph.integer("axis", 1));
        g.initializer("w", new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3, 3);
        g.node("Gemm", "fc", List.of(flat, "w"), OnnxGraph.integer("transB", 1));
        g.output("fc", -1, 3);
        Path file = write(dir.resolve("constants.onnx"), g);
        assertArrayEquals(new float[] {1f, 0.5f, -1f}, run(file, 0f, 1f, 4f), 1e-6f, "1 - x/2");
    }

    @Test
    void nodesNamedLikeGraftsHead_becomeTrunkModulesOfAnotherName_andStillRun(@TempDir Path dir) throws Exception {
        OnnxGraph g = new OnnxGraph("exported");
        g.input("x", -1, 3, 2, 2);
        g.initializer("half", new float[] {0.5f});
        String y = g.node("Mul", "head.0", List.of("x", "half"));
        String gap = g.node("GlobalAveragePool", "/head/1", List.of(y));
        String flat = g.node("Flatten", "head", List.of(gap), OnnxGraph.integer("axis", 1));
        g.initializer("w", new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3, 3);
        g.node("Gemm", "fc", List.of(flat, "w"), OnnxGraph.integer("transB", 1));
        g.output("fc", -1, 3);
        Path file = write(dir.resolve("head-names.onnx"), g);
        List<String> names = OnnxGraphBackbone.open(file).build(3).names();
        assertTrue(names.contains("imported_head.0") && names.contains("imported_head.1"), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.equals("head") || n.startsWith("head.")), names.toString());
        assertArrayEquals(new float[] {0.5f, 1f, 2f}, run(file, 1f, 2f, 4f), 1e-6f);
    }
}
