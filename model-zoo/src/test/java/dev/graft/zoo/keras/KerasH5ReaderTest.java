package dev.graft.zoo.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.zoo.weights.WeightImportException;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerasH5ReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<String> modelIds() throws Exception {
        Path manifest = KerasAssets.require("keras_h5_layers/manifest.json");
        List<String> ids = new ArrayList<>();
        JSON.readTree(manifest.toFile()).path("models").forEach(m -> ids.add(m.path("id").asText()));
        assertEquals(20, ids.size(), "the manifest lists 20 models");
        return ids.stream();
    }

    @ParameterizedTest
    @MethodSource("modelIds")
    void everyManifestModel_readsWithTheManifestsWeightsAndShapes(String id) throws Exception {
        Path manifestFile = KerasAssets.require("keras_h5_layers/manifest.json");
        JsonNode entry = null;
        for (JsonNode m : JSON.readTree(manifestFile.toFile()).path("models")) {
            if (m.path("id").asText().equals(id)) {
                entry = m;
            }
        }
        assertNotNull(entry);
        Path file = manifestFile.resolveSibling(entry.path("file").asText());
        KerasModelFile model = KerasFiles.read(file);
        assertEquals("h5", model.format(), id);
        assertEquals(entry.path("keras_version").asText(), model.kerasVersion(), id);
        assertEquals(entry.path("model_class").asText(), model.modelConfig().path("class_name").asText(), id);
        assertEquals(entry.path("weights").size(), model.weightCount(), id + ": weight count");
        List<KerasWeight> read = model.weightsByLayer().values().stream().flatMap(List::stream).toList();
        int i = 0;
        for (JsonNode expected : entry.path("weights")) {
            KerasWeight weight = read.get(i++);
            String name = expected.path("name").asText();
            assertTrue(weight.path().endsWith("/" + name), weight.path() + " vs " + name);
            assertTrue(model.weightsByLayer().get(expected.path("layer").asText()).contains(weight), id + ": " + name + " under its layer");
            long[] shape = new long[expected.path("shape").size()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = expected.path("shape").get(d).asLong();
            }
            assertArrayEquals(shape, weight.shape(), id + ": " + name);
            long count = 1;
            for (long d : shape) {
                count *= d;
            }
            assertEquals(count, weight.values().length, id + ": " + name);
            assertFalse(weight.name().contains(":") || weight.name().contains("/"), weight.name());
        }
        System.out.printf("%s: %d weights in %d layers (Keras %s)%n", id, model.weightCount(), model.weightsByLayer().size(), model.kerasVersion());
    }

    @Test
    void keras1AndKeras2Conv_haveTheSameShortNamesAndArangeValues() throws Exception {
        for (String file : List.of("weights/conv2d_tensorflow_1.h5", "weights/conv2d_tensorflow_2.h5")) {
            KerasModelFile model = KerasFiles.read(KerasAssets.require("keras_h5_layers/" + file));
            List<KerasWeight> conv = model.weightsByLayer().values().iterator().next();
            assertEquals(List.of("kernel", "bias"), conv.stream().map(KerasWeight::name).toList(), file);
            assertArrayEquals(new long[] {3, 3, 5, 6}, conv.get(0).shape(), file);
            for (int i = 0; i < 270; i++) {
                assertEquals(i, conv.get(0).values()[i], 0f, file + " kernel = arange(270)");
            }
            assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, conv.get(1).values(), file);
        }
    }

    @Test
    void namesFollowTheFile_prefixedWeightNamesAndKeras1Recurrents() throws Exception {
        KerasModelFile net12 = KerasFiles.read(KerasAssets.require("keras_h5_layers/examples/12net.h5"));
        assertEquals(List.of("kernel", "bias"), net12.weightsByLayer().get("conv1").stream().map(KerasWeight::name).toList(),
                "conv1_1/kernel:0 in group conv1");
        assertEquals(List.of("alpha"), net12.weightsByLayer().get("PReLU1").stream().map(KerasWeight::name).toList());
        KerasModelFile lstm = KerasFiles.read(KerasAssets.require("keras_h5_layers/examples/simple_lstm/simple_lstm_tf_keras_1_model.h5"));
        assertEquals(List.of("W_i", "U_i", "b_i", "W_c", "U_c", "b_c", "W_f", "U_f", "b_f", "W_o", "U_o", "b_o"),
                lstm.weightsByLayer().get("lstm_1").stream().map(KerasWeight::name).toList());
        assertEquals(List.of("kernel", "bias"), lstm.weightsByLayer().get("dense_1").stream().map(KerasWeight::name).toList());
        KerasModelFile sep = KerasFiles.read(KerasAssets.require("keras_h5_layers/weights/sepconv2d_tensorflow_2.h5"));
        assertEquals(List.of("depthwise_kernel", "pointwise_kernel", "bias"),
                sep.weightsByLayer().get("separable_conv2d_1").stream().map(KerasWeight::name).toList());
    }

    @Test
    void weightsOnlyTwin_readsTheSameWeightsWithoutConfig() throws Exception {
        KerasModelFile full = KerasFiles.read(KerasAssets.require("keras_h5_layers/examples/activations/ReLU_1_model.h5"));
        KerasModelFile weights = KerasFiles.read(KerasAssets.require("keras_h5_layers/examples/activations/ReLU_1_weights.h5"));
        assertEquals("h5-weights", weights.format());
        assertNull(weights.modelConfig());
        assertEquals("2.3.1", weights.kerasVersion());
        assertEquals(full.weightsByLayer().keySet(), weights.weightsByLayer().keySet());
        for (Map.Entry<String, List<KerasWeight>> layer : full.weightsByLayer().entrySet()) {
            List<KerasWeight> twin = weights.weightsByLayer().get(layer.getKey());
            for (int i = 0; i < layer.getValue().size(); i++) {
                assertEquals(layer.getValue().get(i).name(), twin.get(i).name());
                assertArrayEquals(layer.getValue().get(i).shape(), twin.get(i).shape());
                assertArrayEquals(layer.getValue().get(i).values(), twin.get(i).values());
            }
        }
    }

    @Test
    void chunkedLayerNames_areJoinedAndMissingEntriesRefused(@TempDir Path dir) throws Exception {
        Path chunked = dir.resolve("chunked.h5");
        try (WritableHdfFile hdf = HdfFile.write(chunked)) {
            // Keras splits attributes over 64 KB into name0, name1, ... (save_attributes_to_hdf5_group).
            hdf.putAttribute("layer_names0", new String[] {"a"});
            hdf.putAttribute("layer_names1", new String[] {"b"});
            for (String layer : List.of("a", "b")) {
                WritableGroup group = hdf.putGroup(layer);
                group.putAttribute("weight_names", new String[] {layer + "/kernel:0"});
                group.putGroup(layer).putDataset("kernel:0", new float[] {layer.equals("a") ? 1f : 2f});
            }
        }
        KerasModelFile model = KerasFiles.read(chunked);
        assertEquals(List.of("a", "b"), List.copyOf(model.weightsByLayer().keySet()));
        assertArrayEquals(new float[] {2f}, model.weightsByLayer().get("b").get(0).values());

        Path missingDataset = dir.resolve("missing_dataset.h5");
        try (WritableHdfFile hdf = HdfFile.write(missingDataset)) {
            hdf.putAttribute("layer_names", new String[] {"a"});
            hdf.putGroup("a").putAttribute("weight_names", new String[] {"a/kernel:0"});
        }
        String message = assertThrows(WeightImportException.class, () -> KerasFiles.read(missingDataset)).getMessage();
        assertTrue(message.startsWith(missingDataset.toString()) && message.contains("a/kernel:0") && message.contains("missing"), message);

        Path missingGroup = dir.resolve("missing_group.h5");
        try (WritableHdfFile hdf = HdfFile.write(missingGroup)) {
            hdf.putAttribute("layer_names", new String[] {"ghost"});
            hdf.putGroup("other");
        }
        String ghost = assertThrows(WeightImportException.class, () -> KerasFiles.read(missingGroup)).getMessage();
        assertTrue(ghost.contains("ghost") && !ghost.contains("\n"), ghost);
    }

    @Test
    void notKeras_isRefusedInOneLineNamingTheFile(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.h5");
        Files.writeString(junk, "not hdf5 at all");
        WeightImportException e = assertThrows(WeightImportException.class, () -> KerasFiles.read(junk));
        assertTrue(e.getMessage().startsWith(junk.toString()) && !e.getMessage().contains("\n"), e.getMessage());
        Path other = KerasAssets.require("keras_h5_layers/examples/activations/ReLU_1_inputs_and_outputs.h5");
        WeightImportException notModel = assertThrows(WeightImportException.class, () -> KerasFiles.read(other));
        assertTrue(notModel.getMessage().contains("layer_names") && !notModel.getMessage().contains("\n"), notModel.getMessage());
    }
}
