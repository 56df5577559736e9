package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.cli.OptionsCommand;
import dev.graft.core.onnx.OnnxRuntimeBackbone;
import dev.graft.zoo.onnx.proto.Onnx;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile files through the command line: ONNX files that would crash ONNX Runtime are refused
 * before it sees them, a cyclic pickle is refused by name, and anything that still escapes a
 * command (even a {@link StackOverflowError} or {@link OutOfMemoryError}) ends as one line and
 * exit 1, never a stack trace.
 */
class HostileFilesCliTest {

    @TempDir
    Path dir;

    private static Onnx.AttributeProto ints(String name, long... values) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static Onnx.ValueInfoProto value(String name, long... dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape))).build();
    }

    /** x [1, 3, 8, 8] -> conv (Conv 3x3, 2 channels, the given pads and strides) -> gap -> y. */
    private Path onnx(String name, long[] pads, long[] strides) throws Exception {
        Onnx.GraphProto graph = Onnx.GraphProto.newBuilder().setName("g").addInput(value("x", 1, 3, 8, 8))
                .addInitializer(Onnx.TensorProto.newBuilder().setName("w").setDataType(1).addAllDims(List.of(2L, 3L, 3L, 3L))
                        .setRawData(com.google.protobuf.ByteString.copyFrom(new byte[2 * 3 * 3 * 3 * 4])))
                .addNode(Onnx.NodeProto.newBuilder().setOpType("Conv").setName("conv").addInput("x").addInput("w").addOutput("c")
                        .addAttribute(ints("kernel_shape", 3, 3)).addAttribute(ints("pads", pads)).addAttribute(ints("strides", strides)))
                .addNode(Onnx.NodeProto.newBuilder().setOpType("GlobalAveragePool").setName("gap").addInput("c").addOutput("y"))
                .addOutput(value("y", 1, 2, 1, 1)).build();
        Onnx.ModelProto model = Onnx.ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setVersion(17)).build();
        return Files.write(dir.resolve(name), model.toByteArray());
    }

    static void assertOneLine(GraftCli.Result result, int code, String... fragments) {
        assertEquals(code, result.exitCode(), result.err());
        assertFalse(result.err().contains("\tat "), "stack trace: " + result.err());
        assertEquals(1, result.err().strip().lines().count(), result.err());
        for (String fragment : fragments) {
            assertTrue(result.err().contains(fragment), "'" + fragment + "' not in: " + result.err());
        }
    }

    @Test
    void onnxRuntime_negativePadsAndZeroStrides_areRefusedBeforeOnnxRuntimeLoadsThem() throws Exception {
        Path pads = onnx("pads.onnx", new long[] {-5, -5, -5, -5}, new long[] {1, 1});
        Path image = dir.resolve("a.png");
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", image.toFile());
        assertOneLine(GraftCli.runInOwnProcess("embed", "--arch", "onnx-runtime", "--weights", pads.toString(), "--out",
                dir.resolve("e.csv").toString(), image.toString()), 1, pads.toString(), "node 'conv' (Conv)", "pads [-5, -5, -5, -5]");
        Path strides = onnx("strides.onnx", new long[] {1, 1, 1, 1}, new long[] {0, 0});
        assertOneLine(GraftCli.runInOwnProcess("finetune", "--data", dir.toString(), "--arch", "onnx-runtime", "--weights", strides.toString(),
                "--out", dir.resolve("run").toString()), 1, strides.toString(), "node 'conv' (Conv)", "strides [0, 0]");
        Path truncated = Files.write(dir.resolve("truncated.onnx"), java.util.Arrays.copyOf(Files.readAllBytes(strides), 40));
        assertOneLine(GraftCli.runInOwnProcess("zoo", "verify", "--arch", "onnx-runtime", "--weights", truncated.toString(), "--reference",
                dir.toString()), 1, truncated.toString(), "not a complete ONNX model");
    }

    @Test
    void onnxRuntime_realQuantizedModel_stillPassesTheChecks() throws Exception {
        Path onnx = SharedAssets.require("weights/mobilenet_v2_int8_onnx/model.onnx");
        assertEquals(1280, OnnxRuntimeBackbone.open(onnx).spec().cut("pool").channels());
    }

    @Test
    void cyclicPickle_isRefusedByName() throws Exception {
        Path file = dir.resolve("cycle.pth");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(new byte[] {(byte) 0x80, 2, '}', 'q', 0, (byte) 0x8c, 1, 'a', 'h', 0, 's', '.'});
            zip.closeEntry();
        }
        assertOneLine(GraftCli.runInOwnProcess("zoo", "verify", "--arch", "resnet18", "--weights", file.toString(), "--reference", dir.toString()),
                1, file.toString(), "contains itself at 'a'");
    }

    @Test
    void overlappingSafetensorsAndAbsurdNpzLabels_areRefusedByNameWithExit1() throws Exception {
        String header = "{\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"fc.bias\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}";
        java.nio.ByteBuffer st = java.nio.ByteBuffer.allocate(8 + header.length() + 24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        st.putLong(header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        Path weights = Files.write(dir.resolve("overlap.safetensors"), st.array());
        assertOneLine(GraftCli.runInOwnProcess("zoo", "verify", "--arch", "resnet18", "--weights", weights.toString(), "--reference",
                dir.toString()), 1, weights.toString(), "tensors fc.weight [0, 16] and fc.bias [8, 24] share bytes");

        Path npz = dir.resolve("labels.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(npz))) {
            zip.putNextEntry(new ZipEntry("train_images.npy"));
            zip.write(npy("|u1", "2, 2, 2", new byte[8]));
            zip.putNextEntry(new ZipEntry("train_labels.npy"));
            zip.write(npy("<i4", "2,", java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0)
                    .putInt(2_147_483_646).array()));
        }
        assertOneLine(GraftCli.runInOwnProcess("finetune", "--data", npz.toString(), "--arch", "resnet18", "--device", "cpu", "--out",
                dir.resolve("run").toString()), 1, npz.toString(), "train_labels[1] is 2147483646");
    }

    /** A version 1 {@code .npy} file's bytes. */
    private static byte[] npy(String descr, String shape, byte[] data) {
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shape + "), }\n";
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(10 + header.length() + data.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length())
                .put(header.getBytes(StandardCharsets.US_ASCII)).put(data);
        return out.array();
    }

    /** A command whose work throws what the supplier gives. */
    private static int runThrowing(Supplier<Throwable> thrown, ByteArrayOutputStream err) {
        OptionsCommand command = new OptionsCommand("graft boom") {
            @Override
            protected void declare(Options options) {}

            @Override
            protected int execute(CommandLine line, PrintStream out, PrintStream e) {
                Throwable t = thrown.get();
                if (t instanceof Error error) {
                    throw error;
                }
                throw (RuntimeException) t;
            }

            @Override
            public String name() {
                return "boom";
            }

            @Override
            public String summary() {
                return "throws";
            }
        };
        try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            return command.run(new String[0], System.out, e);
        }
    }

    @Test
    void errorsThatEscapeACommand_endAsOneLineAndExit1() {
        for (Supplier<Throwable> thrown : List.<Supplier<Throwable>>of(StackOverflowError::new,
                () -> new OutOfMemoryError("Java heap space"), () -> new IllegalStateException("line one\nline two"))) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = runThrowing(thrown, err);
            String text = err.toString(StandardCharsets.UTF_8);
            assertEquals(1, code, text);
            assertEquals(1, text.strip().lines().count(), text);
            assertTrue(text.startsWith("graft boom: ") && text.contains("GRAFT_DEBUG=1"), text);
        }
    }
}
