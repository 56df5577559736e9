package dev.graft.zoo.weights;

import com.google.protobuf.ByteString;
import dev.graft.zoo.onnx.proto.Onnx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxWeightsReaderTest {

    private static Path model(Path dir, String name, List<Long> dims, int bytes) throws Exception {
        Onnx.GraphProto graph = Onnx.GraphProto.newBuilder()
                .addInitializer(Onnx.TensorProto.newBuilder().setName("fc.weight").setDataType(1).addAllDims(dims)
                        .setRawData(ByteString.copyFrom(new byte[bytes])))
                .addNode(Onnx.NodeProto.newBuilder().setOpType("Gemm").setName("fc").addInput("x").addInput("fc.weight").addOutput("y"))
                .build();
        return Files.write(dir.resolve(name), Onnx.ModelProto.newBuilder().setGraph(graph).build().toByteArray());
    }

    @Test
    void read_rawDataThatIsNotAWholeNumberOfFloats_isAWeightImportErrorNamingTheInitializer(@TempDir Path dir) throws Exception {
        Path file = model(dir, "seven.onnx", List.of(2L), 7);
        Refusals.assertRefused(WeightImportException.class, file, () -> new OnnxWeightsReader().read(file),
                "initializer fc.weight", "7 bytes is not a whole number of F32");
    }

    @Test
    void read_negativeDimensions_areRefused(@TempDir Path dir) throws Exception {
        Path file = model(dir, "negative.onnx", List.of(-2L, -1L), 8);
        Refusals.assertRefused(WeightImportException.class, file, () -> new OnnxWeightsReader().read(file),
                "initializer fc.weight", "negative dimension");
    }
}
