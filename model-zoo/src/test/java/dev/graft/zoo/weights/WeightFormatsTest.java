package dev.graft.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.graft.datasets.registry.Registry;
import dev.graft.zoo.arch.Networks;
import dev.graft.zoo.nn.Layers;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.nn.TorchNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightFormatsTest {

    /** A toy text format, one tensor a line: {@code name 4x3x3x3 v v v …}. */
    private static final class TextWeights implements WeightFormat {
        @Override
        public List<String> extensions() {
            return List.of(".weights.txt");
        }

        @Override
        public StateDict read(Path file) throws WeightImportException {
            Map<String, TensorData> tensors = new LinkedHashMap<>();
            try {
                for (String line : Files.readAllLines(file)) {
                    String[] parts = line.split(" ");
                    long[] shape = Arrays.stream(parts[1].split("x")).mapToLong(Long::parseLong).toArray();
                    float[] values = new float[parts.length - 2];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = Float.parseFloat(parts[i + 2]);
                    }
                    tensors.put(parts[0], new TensorData(shape, values));
                }
            } catch (IOException | UncheckedIOException e) {
                throw new WeightImportException(file + ": cannot read: " + e.getMessage(), e);
            }
            return new StateDict(file.toString(), tensors, true);
        }
    }

    @Test
    void forFile_picksTheFormatClaimingTheEnding() {
        Registry<WeightFormat> formats = WeightFormats.REGISTRY;
        assertTrue(WeightFormats.forFile(formats, Path.of("r18.SafeTensors")).orElseThrow() instanceof SafetensorsReader);
        for (String name : List.of("a.pth", "a.pt", "a.bin", "a.ckpt")) {
            assertTrue(WeightFormats.forFile(formats, Path.of(name)).orElseThrow() instanceof TorchArchiveReader, name);
        }
        assertTrue(WeightFormats.forFile(formats, Path.of("m.onnx")).orElseThrow() instanceof OnnxWeightsReader);
        assertTrue(WeightFormats.forFile(formats, Path.of("m.h5")).isEmpty());
    }

    @Test
    void read_anUnknownEnding_listsTheKnownFormats(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("model.h5"), "x");
        WeightImportException e = assertThrows(WeightImportException.class, () -> WeightFiles.read(file));
        assertTrue(e.getMessage().contains("model.h5: unknown weights format")
                && e.getMessage().contains("safetensors (.safetensors), pytorch (.pth, .pt, .bin, .ckpt), onnx (.onnx)"), e.getMessage());
    }

    @Test
    void aFormatRegisteredThroughTheApi_loadsWeightsIntoANetwork(@TempDir Path dir) throws Exception {
        Registry<WeightFormat> formats = WeightFormats.REGISTRY.copy().register("text", new TextWeights());
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NamedSequential net = new NamedSequential().add("conv", Layers.conv(2, 1, 1, 1, false));
            Networks.initialize(net, manager, 1, 4);
            Path file = Files.writeString(dir.resolve("tiny.weights.txt"), "conv.weight 2x3x1x1 1 2 3 4 5 6\n");
            ImportReport report = WeightLoader.load(net, WeightFiles.read(file, formats));
            assertEquals(1, report.loaded());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, TorchNames.of(net).get("conv.weight").getArray().toFloatArray());
        }
        assertThrows(WeightImportException.class, () -> WeightFiles.read(dir.resolve("tiny.weights.txt")),
                "the shared formats are untouched");
    }
}
