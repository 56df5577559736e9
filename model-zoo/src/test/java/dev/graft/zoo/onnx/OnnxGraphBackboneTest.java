package dev.graft.zoo.onnx;

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
}
