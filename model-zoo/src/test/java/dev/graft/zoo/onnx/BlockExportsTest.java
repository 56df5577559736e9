package dev.graft.zoo.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.graft.zoo.arch.Networks;
import dev.graft.zoo.nn.Layers;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.onnx.proto.Onnx;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlockExportsTest {

    /** A block the built-in exports do not know. */
    static final class Square extends AbstractBlock {
        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            return new NDList(inputs.singletonOrThrow().square());
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }

    /** Another block nothing exports. */
    static final class Cube extends AbstractBlock {
        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            return new NDList(inputs.singletonOrThrow().pow(3));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }

    static {
        BlockExports.REGISTRY.register("square", BlockExport.of(Square.class,
                (block, name, x, context) -> context.node("Mul", name, List.of(x, x))));
    }

    private static Onnx.ModelProto export(NamedSequential net) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Networks.initialize(net, manager, 1, 8);
            return OnnxExporter.exportEmbedding(net, 2, new OnnxExporter.Options(8, null, null, 17, "test", Map.of()));
        }
    }

    @Test
    void reluIsRecognisedByItsClass_andAnExportRegisteredThroughTheApiWritesItsBlock() {
        Onnx.ModelProto model = export(new NamedSequential().add("conv", Layers.conv(2, 1, 1, 0, 1, false)).add("act", Layers.relu())
                .add("sq", new Square()).add("pool", Layers.globalAveragePool()));
        assertEquals(List.of("Conv", "Relu", "Mul", "GlobalAveragePool", "Flatten", "Identity"),
                model.getGraph().getNodeList().stream().map(Onnx.NodeProto::getOpType).toList());
    }

    @Test
    void aBlockNoExportAccepts_isNamedWithTheRegisteredExports() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> export(new NamedSequential().add("cube", new Cube())));
        assertTrue(e.getMessage().contains("cannot export Cube at 'cube' to ONNX") && e.getMessage().contains("relu6"), e.getMessage());
    }

    @Test
    void batchNorm_writesEachBlocksOwnEpsilon() {
        Onnx.ModelProto model = export(new NamedSequential().add("conv", Layers.conv(2, 1, 1, 0, 1, false))
                .add("bn3", Layers.batchNorm(1e-3f, 0.01f)).add("bn5", Layers.batchNorm()).add("pool", Layers.globalAveragePool()));
        List<Float> eps = model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("BatchNormalization"))
                .map(n -> n.getAttribute(0).getF()).toList();
        assertEquals(List.of(1e-3f, 1e-5f), eps);
    }

    @Test
    void squeezeExcitationAndTheNewActivations_areWrittenAsPlainOnnxOperators() {
        Onnx.ModelProto model = export(new NamedSequential().add("conv", Layers.conv(8, 1, 1, 0, 1, false)).add("silu", Layers.silu())
                .add("se", new dev.graft.zoo.nn.SqueezeExcitation(8, 2, Layers.relu(), new dev.graft.zoo.nn.HardSigmoid()))
                .add("hs", Layers.hardSwish()).add("pool", Layers.globalAveragePool()));
        assertEquals(List.of("Conv", "Sigmoid", "Mul", "GlobalAveragePool", "Conv", "Relu", "Conv", "HardSigmoid", "Mul", "HardSigmoid",
                "Mul", "GlobalAveragePool", "Flatten", "Identity"),
                model.getGraph().getNodeList().stream().map(Onnx.NodeProto::getOpType).toList());
    }
}
