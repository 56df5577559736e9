package dev.graft.zoo.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.zoo.weights.WeightImportException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerasArchiveReaderTest {

    @Test
    void cnnBatchNorm_asKeras3Archive_readsBackIdenticalWeightsAtKerasPaths(@TempDir Path dir) throws Exception {
        KerasModelFile h5 = KerasFiles.read(KerasAssets.require("keras_h5_layers/fullconfigs/cnn/cnn_batch_norm.h5"));
        Path archive = dir.resolve("cnn_batch_norm.keras");
        KerasArchiveFixture.write(archive, KerasArchiveFixture.sequentialConfig(h5.modelConfig(), "sequential"), h5.weightsByLayer(), "3.6.0", dir);
        KerasModelFile keras = KerasFiles.read(archive);
        assertEquals("keras", keras.format());
        assertEquals("3.6.0", keras.kerasVersion());
        assertEquals("Sequential", keras.modelConfig().path("class_name").asText());
        KerasWeightsWriterTest.assertSameWeights(h5.weightsByLayer(), keras.weightsByLayer(), "cnn_batch_norm.keras");
        // Keras 3 addresses layers by snake-cased class made unique, not by name (saving_lib._save_container_state).
        assertEquals("layers/conv2d/vars/0", keras.weightsByLayer().get("conv2d_1").get(0).path());
        assertEquals("layers/conv2d_1/vars/1", keras.weightsByLayer().get("conv2d_2").get(1).path());
        assertEquals("layers/batch_normalization/vars/3", keras.weightsByLayer().get("batch_normalization_1").get(3).path());
        assertEquals("moving_variance", keras.weightsByLayer().get("batch_normalization_1").get(3).name());
        assertEquals("layers/dense/vars/0", keras.weightsByLayer().get("dense_1").get(0).path());
        System.out.printf("cnn_batch_norm.keras: %d weights in %d layers, %d bytes%n", keras.weightCount(), keras.weightsByLayer().size(),
                Files.size(archive));
    }

    @Test
    void recordedLayerNames_decideWhichLayerAVarsGroupBelongsTo(@TempDir Path dir) throws Exception {
        KerasModelFile h5 = KerasFiles.read(KerasAssets.require("keras_h5_layers/fullconfigs/cnn/cnn_batch_norm.h5"));
        Path archive = dir.resolve("named.keras");
        // Group layers/conv2d holds conv2d_2's variables and says so, and the other way round.
        KerasArchiveFixture.write(archive, KerasArchiveFixture.sequentialConfig(h5.modelConfig(), "sequential"), h5.weightsByLayer(), "3.10.0",
                dir, Map.of("layers/conv2d", "layers/conv2d_1", "layers/conv2d_1", "layers/conv2d"));
        KerasModelFile keras = KerasFiles.read(archive);
        assertEquals("layers/conv2d_1/vars/0", keras.weightsByLayer().get("conv2d_1").get(0).path());
        assertEquals("layers/conv2d/vars/0", keras.weightsByLayer().get("conv2d_2").get(0).path());
        for (String conv : List.of("conv2d_1", "conv2d_2")) {
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(h5.weightsByLayer().get(conv).get(i).values(), keras.weightsByLayer().get(conv).get(i).values(), conv);
            }
        }
    }

    @Test
    void nestedSequentialBackbone_readsUnderLayersOfLayers(@TempDir Path dir) throws Exception {
        KerasModelFile h5 = KerasFiles.read(KerasAssets.require("keras_h5_layers/fullconfigs/cnn/cnn_batch_norm.h5"));
        ObjectNode backbone = KerasArchiveFixture.sequentialConfig(h5.modelConfig(), "backbone");
        ObjectNode outer = KerasArchiveFixture.sequentialConfig(KerasArchiveFixture.JSON.createObjectNode()
                .put("class_name", "Sequential").set("config", KerasArchiveFixture.JSON.createArrayNode()), "outer");
        ArrayNode layers = (ArrayNode) outer.path("config").path("layers");
        ObjectNode input = KerasArchiveFixture.JSON.createObjectNode().put("name", "outer_input");
        input.set("batch_shape", KerasArchiveFixture.JSON.readTree("[null, 10, 10, 3]"));
        layers.add(KerasArchiveFixture.layer("InputLayer", input));
        layers.add(backbone);
        layers.add(KerasArchiveFixture.layer("Dense", KerasArchiveFixture.JSON.createObjectNode().put("name", "head").put("units", 2)
                .put("use_bias", false)));
        Map<String, List<KerasWeight>> weights = new LinkedHashMap<>(h5.weightsByLayer());
        weights.put("head", List.of(new KerasWeight("kernel", "head", new long[] {1, 2}, new float[] {0.5f, -0.5f})));
        Path archive = dir.resolve("nested.keras");
        KerasArchiveFixture.write(archive, outer, weights, "3.6.0", dir);
        KerasModelFile keras = KerasFiles.read(archive);
        KerasWeightsWriterTest.assertSameWeights(weights, keras.weightsByLayer(), "nested.keras");
        assertEquals("layers/sequential/layers/batch_normalization/vars/0", keras.weightsByLayer().get("batch_normalization_1").get(0).path());
        assertEquals("layers/dense/vars/0", keras.weightsByLayer().get("head").get(0).path(), "the head is the outer model's first Dense");
        assertEquals(List.of("kernel"), keras.weightsByLayer().get("head").stream().map(KerasWeight::name).toList(), "bias-free Dense");
    }

    @Test
    void badArchives_areRefusedInOneLine(@TempDir Path dir) throws Exception {
        Path noConfig = zip(dir.resolve("a.keras"), Map.of("metadata.json", "{}"));
        assertTrue(refused(noConfig).contains("config.json"));
        Path npz = zip(dir.resolve("b.keras"), Map.of("config.json", "{\"class_name\":\"Sequential\",\"config\":{\"layers\":[]}}",
                "model.weights.npz", "x"));
        assertTrue(refused(npz).contains("npz"));
        Path notZip = dir.resolve("c.keras");
        Files.writeString(notZip, "plain text");
        assertTrue(refused(notZip).contains(".keras archive"));

        // A BatchNormalization with 5 variables does not match its class.
        KerasModelFile h5 = KerasFiles.read(KerasAssets.require("keras_h5_layers/fullconfigs/cnn/cnn_batch_norm.h5"));
        Map<String, List<KerasWeight>> weights = new LinkedHashMap<>(h5.weightsByLayer());
        List<KerasWeight> bn = new java.util.ArrayList<>(weights.get("batch_normalization_1"));
        bn.add(bn.get(0));
        weights.put("batch_normalization_1", bn);
        Path extra = dir.resolve("d.keras");
        KerasArchiveFixture.write(extra, KerasArchiveFixture.sequentialConfig(h5.modelConfig(), "sequential"), weights, "3.6.0", dir);
        String message = refused(extra);
        assertTrue(message.contains("batch_normalization_1") && message.contains("BatchNormalization") && message.contains("5"), message);
    }

    private static String refused(Path file) {
        WeightImportException e = assertThrows(WeightImportException.class, () -> KerasFiles.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private static Path zip(Path target, Map<String, String> entries) throws Exception {
        try (OutputStream out = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return target;
    }
}
