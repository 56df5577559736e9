package dev.graft.zoo.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.datasets.io.Npy;
import dev.graft.datasets.io.NpyArray;
import dev.graft.zoo.arch.Networks;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.verify.ReferenceVerifier;
import dev.graft.zoo.weights.WeightImportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Keras {@code .h5} of the layer assets rebuilds as blocks and reproduces its reference
 * outputs (Keras-written, or tfjs-computed where the source has none) within 1e-4, relative to
 * {@code max(1, max |reference|)} as {@code graft zoo verify}'s rel_diff: an absolute bound for
 * every reference but sepconv2d's, whose arange weights give outputs near 1.3e5 (one float32 step
 * there is 0.0078); the LSTM is refused naming its layer.
 */
class KerasGraphLayersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double TOLERANCE = 1e-4;

    static Stream<String> fullModels() throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode m : manifest().path("models")) {
            if (!m.path("kind").asText().startsWith("weights-only") && !m.path("id").asText().equals("lstm_keras1")) {
                ids.add(m.path("id").asText());
            }
        }
        assertEquals(19, ids.size(), "19 models besides the LSTM");
        return ids.stream();
    }

    private static JsonNode manifest() throws Exception {
        return JSON.readTree(KerasAssets.require("keras_h5_layers/manifest.json").toFile());
    }

    private static JsonNode entry(String id) throws Exception {
        for (JsonNode m : manifest().path("models")) {
            if (m.path("id").asText().equals(id)) {
                return m;
            }
        }
        throw new AssertionError("no model " + id);
    }

    @ParameterizedTest
    @MethodSource("fullModels")
    void everyFullModel_reproducesItsReferenceOutputs(String id) throws Exception {
        Path file = KerasAssets.require("keras_h5_layers/" + entry(id).path("file").asText());
        KerasModelFile model = KerasFiles.read(file);
        Path reference = KerasAssets.require("keras_h5_layers/reference/" + (id.equals("conv2d_keras1") ? "conv2d_keras2" : id));
        List<String> outputs = outputLayers(model);
        int pairs = 0;
        for (int o = 0; o < outputs.size(); o++) {
            NamedSequential network = KerasGraph.of(model, o).build();
            try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                for (int n = 0; Files.exists(reference.resolve("input_" + n + ".npy")); n++) {
                    Path expected = reference.resolve(outputs.size() == 1 ? "output_" + n + ".npy" : "output_" + n + "_" + outputs.get(o) + ".npy");
                    NDArray x = channelsFirst(manager, Npy.read(reference.resolve("input_" + n + ".npy")));
                    if (n == 0) {
                        Networks.initialize(network, manager, x.getShape());
                    }
                    double diff = maxAbsDiff(network, manager, x, expected);
                    System.out.printf("%s %s %s rel_diff=%.3e%n", id, outputs.get(o), expected.getFileName(), diff);
                    assertTrue(diff <= TOLERANCE, id + " " + expected.getFileName() + ": rel_diff " + diff);
                    pairs++;
                }
            }
        }
        assertTrue(pairs > 0, id + ": no reference pairs");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"cnn_batch_norm", "wgan_discriminator", "sepconv2d", "relu_2_general",
        "leaky_relu_0", "conv2d_keras1"})
    void keras3Archive_assembledFromTheH5_reproducesTheSameOutputs(String id, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        KerasModelFile h5 = KerasFiles.read(KerasAssets.require("keras_h5_layers/" + entry(id).path("file").asText()));
        Path archive = dir.resolve(id + ".keras");
        KerasArchiveFixture.write(archive, KerasArchiveFixture.sequentialConfig(h5.modelConfig(), "sequential"), h5.weightsByLayer(),
                "3.6.0", dir);
        KerasModelFile model = KerasFiles.read(archive);
        assertEquals("keras", model.format());
        Path reference = KerasAssets.require("keras_h5_layers/reference/" + (id.equals("conv2d_keras1") ? "conv2d_keras2" : id));
        NamedSequential network = KerasGraph.of(model).build();
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray x = channelsFirst(manager, Npy.read(reference.resolve("input_0.npy")));
            Networks.initialize(network, manager, x.getShape());
            double diff = maxAbsDiff(network, manager, x, reference.resolve("output_0.npy"));
            System.out.printf("%s as Keras 3 .keras rel_diff=%.3e%n", id, diff);
            assertTrue(diff <= TOLERANCE, id + ": rel_diff " + diff);
        }
    }

    @Test
    void lstm_isRefusedNamingTheLayerItsClassAndPosition() throws Exception {
        KerasModelFile model = KerasFiles.read(KerasAssets.require("keras_h5_layers/" + entry("lstm_keras1").path("file").asText()));
        WeightImportException e = assertThrows(WeightImportException.class, () -> KerasGraph.of(model));
        assertTrue(e.getMessage().contains("layer 'lstm_1' (LSTM, position 1)"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    private static List<String> outputLayers(KerasModelFile model) {
        JsonNode config = model.modelConfig().path("config");
        List<String> names = new ArrayList<>();
        config.path("output_layers").forEach(o -> names.add(o.get(0).asText()));
        return names.isEmpty() ? List.of("") : names;
    }

    /** An NHWC (or NDHWC) reference array as the network's channels-first tensor; vectors unchanged. */
    static NDArray channelsFirst(NDManager manager, NpyArray array) {
        return ReferenceVerifier.channelsFirst(manager.create(array.toFloats(), new Shape(array.shape())));
    }

    /** The largest absolute difference from the reference, over {@code max(1, max |reference|)}. */
    static double maxAbsDiff(NamedSequential network, NDManager manager, NDArray x, Path expectedFile) throws Exception {
        try (NDManager step = manager.newSubManager()) {
            NDArray y = network.forward(new ParameterStore(step, false), new NDList(x), false).singletonOrThrow();
            NDArray expected = channelsFirst(step, Npy.read(expectedFile));
            assertEquals(expected.getShape(), y.getShape(), expectedFile.toString());
            return y.sub(expected).abs().max().getFloat() / Math.max(1, expected.abs().max().getFloat());
        }
    }
}
