package dev.graft.zoo.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.zoo.onnx.proto.Onnx;
import dev.graft.zoo.weights.Refusals;
import dev.graft.zoo.weights.SmallHeap;
import dev.graft.zoo.weights.WeightImportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile ONNX files are refused by name before ONNX Runtime (which would crash the JVM) sees them. */
@Tag("small-heap")
class OnnxModelCheckTest {

    @BeforeAll
    static void runsUnderASmallHeap() {
        SmallHeap.assertActive();
    }


    @TempDir
    Path dir;

    /** A small valid CNN: x [N, 3, 8, 8] -> conv1 (Conv 3x3, 4 channels) -> pool1 (MaxPool) -> gap -> y. */
    private static Onnx.ModelProto cnn(long[] pads, long[] strides, long group, long[] weightShape) {
        OnnxGraph g = new OnnxGraph("cnn");
        g.input("x", -1, 3, 8, 8);
        long n = Arrays.stream(weightShape).reduce(1, (a, b) -> a * b);
        g.initializer("w", new float[(int) n], weightShape);
        String conv = g.node("Conv", "conv1", List.of("x", "w"), OnnxGraph.ints("kernel_shape", 3, 3), OnnxGraph.ints("pads", pads),
                OnnxGraph.ints("strides", 1, 1), OnnxGraph.integer("group", group));
        String pool = g.node("MaxPool", "pool1", List.of(conv), OnnxGraph.ints("kernel_shape", 2, 2), OnnxGraph.ints("strides", strides));
        String gap = g.node("GlobalAveragePool", "gap", List.of(pool));
        g.output(gap, -1, weightShape[0], 1, 1);
        return Onnx.ModelProto.newBuilder().setIrVersion(8).setGraph(g.build())
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setVersion(17)).build();
    }

    private static Onnx.ModelProto valid() {
        return cnn(new long[] {1, 1, 1, 1}, new long[] {2, 2}, 1, new long[] {4, 3, 3, 3});
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    private WeightImportException refused(String name, Onnx.ModelProto model, String... fragments) throws Exception {
        return refused(write(name, model.toByteArray()), fragments);
    }

    private static WeightImportException refused(Path file, String... fragments) {
        return Refusals.assertRefused(WeightImportException.class, file, () -> OnnxModelCheck.read(file), fragments);
    }

    private static Onnx.ModelProto editGraph(Onnx.ModelProto model, UnaryOperator<Onnx.GraphProto.Builder> edit) {
        return model.toBuilder().setGraph(edit.apply(model.getGraph().toBuilder())).build();
    }

    @Test
    void read_validModel_passesAndDeclaresItsSide() throws Exception {
        Path file = write("ok.onnx", valid().toByteArray());
        Onnx.ModelProto model = OnnxModelCheck.read(file);
        assertEquals(3, model.getGraph().getNodeCount());
        assertEquals(8, OnnxModelCheck.inputSide(model, file.toString()));
    }

    @Test
    void read_negativePads_namesNodeAndAttribute() throws Exception {
        refused("pads.onnx", cnn(new long[] {-5, -5, -5, -5}, new long[] {2, 2}, 1, new long[] {4, 3, 3, 3}),
                "node 'conv1' (Conv)", "pads [-5, -5, -5, -5]", "must be between 0");
    }

    @Test
    void read_zeroStrides_namesNodeAndAttribute() throws Exception {
        refused("strides.onnx", cnn(new long[] {1, 1, 1, 1}, new long[] {0, 0}, 1, new long[] {4, 3, 3, 3}),
                "node 'pool1' (MaxPool)", "strides [0, 0]");
    }

    @Test
    void read_zeroDilationsAndKernel_areRefused() throws Exception {
        Onnx.ModelProto dilated = editGraph(valid(), g -> {
            g.setNode(0, g.getNode(0).toBuilder().addAttribute(OnnxGraph.ints("dilations", 1, 0)));
            return g;
        });
        refused("dilations.onnx", dilated, "node 'conv1' (Conv)", "dilations [1, 0]");
        Onnx.ModelProto kernel = editGraph(valid(), g -> {
            g.setNode(1, g.getNode(1).toBuilder().setAttribute(0, OnnxGraph.ints("kernel_shape", 0, 2)));
            return g;
        });
        refused("kernel.onnx", kernel, "node 'pool1' (MaxPool)", "kernel_shape [0, 2]");
    }

    @Test
    void read_groupThatDoesNotDivideChannels_isRefused() throws Exception {
        refused("group.onnx", cnn(new long[] {1, 1, 1, 1}, new long[] {2, 2}, 3, new long[] {4, 1, 3, 3}),
                "node 'conv1' (Conv)", "group 3", "does not divide the 4 channels");
        refused("group0.onnx", cnn(new long[] {1, 1, 1, 1}, new long[] {2, 2}, 0, new long[] {4, 3, 3, 3}),
                "node 'conv1' (Conv)", "group [0]");
    }

    @Test
    void read_weightThatDoesNotMatchItsInputOrKernel_isRefused() throws Exception {
        refused("channels.onnx", cnn(new long[] {1, 1, 1, 1}, new long[] {2, 2}, 1, new long[] {4, 2, 3, 3}),
                "node 'conv1' (Conv)", "reads 3 channels from 'x'", "expects 2");
        refused("kernel.onnx", cnn(new long[] {1, 1, 1, 1}, new long[] {2, 2}, 1, new long[] {4, 3, 5, 5}),
                "node 'conv1' (Conv)", "kernel_shape [3, 3]", "[4, 3, 5, 5]");
    }

    @Test
    void read_cycle_isRefusedNamingTheNode() throws Exception {
        Onnx.ModelProto cyclic = editGraph(valid(), g -> {
            g.setNode(0, g.getNode(0).toBuilder().setInput(0, "gap"));
            return g;
        });
        refused("cycle.onnx", cyclic, "node 'conv1' (Conv)", "reads 'gap' before any node computes it", "cycle");
    }

    @Test
    void read_undefinedInputAndDuplicateOutput_areRefused() throws Exception {
        Onnx.ModelProto dangling = editGraph(valid(), g -> {
            g.setNode(2, g.getNode(2).toBuilder().setInput(0, "nowhere"));
            return g;
        });
        refused("dangling.onnx", dangling, "node 'gap' (GlobalAveragePool)", "'nowhere'");
        Onnx.ModelProto twice = editGraph(valid(), g -> {
            g.setNode(1, g.getNode(1).toBuilder().setOutput(0, "conv1"));
            return g;
        });
        refused("twice.onnx", twice, "node 'pool1' (MaxPool)", "writes 'conv1', which is already defined");
    }

    @Test
    void read_negativeOrHugeDeclaredShapes_areRefused() throws Exception {
        Onnx.ModelProto negative = editGraph(valid(), g -> {
            Onnx.ValueInfoProto.Builder x = g.getInput(0).toBuilder();
            x.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(2).setDimValue(-8);
            return g.setInput(0, x);
        });
        refused("negative.onnx", negative, "graph input 'x'", "dimension -8");
        Onnx.ModelProto wrongSize = editGraph(valid(), g -> g.setInitializer(0, g.getInitializer(0).toBuilder().setDims(0, 40)));
        refused("size.onnx", wrongSize, "initializer 'w'", "holds 432 bytes");
        Onnx.ModelProto huge = editGraph(valid(), g -> {
            Onnx.ValueInfoProto.Builder x = g.getInput(0).toBuilder();
            x.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(3).setDimValue(1L << 40);
            return g.setInput(0, x);
        });
        Path file = write("huge.onnx", huge.toByteArray());
        Onnx.ModelProto read = OnnxModelCheck.read(file);
        Refusals.assertRefused(WeightImportException.class, file, () -> OnnxModelCheck.inputSide(read, file.toString()),
                "graph input 'x'", "side 1099511627776");
    }

    @Test
    void read_badNodeInsideASubgraph_isRefused() throws Exception {
        Onnx.GraphProto branch = cnn(new long[] {-1, 0, 0, 0}, new long[] {2, 2}, 1, new long[] {4, 3, 3, 3}).getGraph().toBuilder()
                .clearInput().build();
        Onnx.ModelProto nested = editGraph(valid(), g -> g.addNode(Onnx.NodeProto.newBuilder().setOpType("If").setName("branch")
                .addInput("gap").addOutput("z").addAttribute(Onnx.AttributeProto.newBuilder().setName("then_branch")
                        .setType(Onnx.AttributeProto.AttributeType.GRAPH).setG(branch))));
        refused("nested.onnx", nested, "node 'conv1' (Conv)", "pads [-1, 0, 0, 0]");
    }

    @Test
    void read_badNodeInsideAModelLocalFunction_isRefused() throws Exception {
        Onnx.FunctionProto block = Onnx.FunctionProto.newBuilder().setName("Block").setDomain("local").addInput("a").addOutput("b")
                .addNode(Onnx.NodeProto.newBuilder().setOpType("MaxPool").setName("inner").addInput("a").addOutput("b")
                        .addAttribute(OnnxGraph.ints("kernel_shape", 2, 2)).addAttribute(OnnxGraph.ints("strides", 0, 1)))
                .build();
        refused("function.onnx", valid().toBuilder().addFunctions(block).build(), "function 'Block'", "node 'inner' (MaxPool)",
                "strides [0, 1]");
    }

    @Test
    void read_initializerWithoutItsDataOrWithExternalData_isRefused() throws Exception {
        Onnx.ModelProto empty = editGraph(valid(), g -> g.setInitializer(0, g.getInitializer(0).toBuilder().clearRawData()));
        refused("nodata.onnx", empty, "initializer 'w'", "(108 values) but holds 0 values");
        Onnx.ModelProto external = editGraph(valid(), g -> g.setInitializer(0, g.getInitializer(0).toBuilder()
                .setDataLocation(Onnx.TensorProto.DataLocation.EXTERNAL)));
        refused("external.onnx", external, "initializer 'w'", "external file");
    }

    @Test
    void read_emptyTruncatedOrRandomFiles_areRefusedByName() throws Exception {
        refused(write("empty.onnx", new byte[0]), "empty");
        byte[] bytes = valid().toByteArray();
        refused(write("truncated.onnx", Arrays.copyOf(bytes, bytes.length / 2)), "not a complete ONNX model");
        Random random = new Random(13);
        for (int i = 0; i < 20; i++) {
            byte[] noise = new byte[1 + random.nextInt(2000)];
            random.nextBytes(noise);
            refused(write("random" + i + ".onnx", noise));
        }
    }
}
