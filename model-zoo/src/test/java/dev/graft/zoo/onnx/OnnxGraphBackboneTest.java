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
        Path file = Files.write(dir.resolve("kernel.onnx"), Onnx.ModelProto.newBuilder().setIrVersion(8).setGraph(g.build())
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setVersion(17)).build().toByteArray());
        Refusals.assertRefused(WeightImportException.class, file, () -> OnnxGraphBackbone.open(file), "cannot run on a [1, 3, 4, 4] image");
    }
}
