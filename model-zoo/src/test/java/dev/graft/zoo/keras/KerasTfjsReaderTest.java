package dev.graft.zoo.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.zoo.weights.WeightImportException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerasTfjsReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void nsfwMobileNetV2_reads266DequantisedTensorsByLayer() throws Exception {
        Path modelJson = KerasAssets.require("tfjs_mobilenet_v2_nsfw/model.json");
        byte[] shard = Files.readAllBytes(modelJson.resolveSibling("group1-shard1of1.bin"));
        KerasModelFile model = KerasFiles.read(modelJson);
        assertEquals("tfjs", model.format());
        assertEquals("2.2.4", model.kerasVersion());
        assertEquals("Model", model.modelConfig().path("class_name").asText());
        assertEquals(162, model.modelConfig().path("config").path("layers").size());
        assertEquals(266, model.weightCount());
        assertEquals(shard.length, model.weightsByLayer().values().stream().flatMap(List::stream).mapToLong(w -> w.values().length).sum(),
                "one uint8 per value");

        List<KerasWeight> conv1 = model.weightsByLayer().get("Conv1");
        assertEquals(1, conv1.size());
        assertEquals("kernel", conv1.get(0).name());
        assertEquals("Conv1/kernel", conv1.get(0).path());
        assertArrayEquals(new long[] {3, 3, 3, 32}, conv1.get(0).shape());
        // The first tensor starts at byte 0: float32(q * scale + min) by hand, scale and min from model.json.
        JsonNode q = JSON.readTree(modelJson.toFile()).path("weightsManifest").get(0).path("weights").get(0).path("quantization");
        for (int i : new int[] {0, 1, 863}) {
            float expected = (float) ((shard[i] & 0xFF) * q.get("scale").asDouble() + q.get("min").asDouble());
            assertEquals(expected, conv1.get(0).values()[i], 0f, "Conv1/kernel[" + i + "]");
        }
        assertEquals((float) ((shard[0] & 0xFF) * 0.006666756611244351 + -0.87334511607301), conv1.get(0).values()[0], 0f);

        // The last tensor ends at the shard's last byte.
        JsonNode lastSpec = JSON.readTree(modelJson.toFile()).path("weightsManifest").get(0).path("weights").get(265);
        String lastName = lastSpec.path("name").asText();
        KerasWeight last = model.weightsByLayer().get(lastName.substring(0, lastName.indexOf('/'))).stream()
                .filter(w -> w.path().equals(lastName)).findFirst().orElseThrow();
        float lastExpected = (float) ((shard[shard.length - 1] & 0xFF) * lastSpec.path("quantization").path("scale").asDouble()
                + lastSpec.path("quantization").path("min").asDouble());
        assertEquals(lastExpected, last.values()[last.values().length - 1], 0f, lastName);

        assertEquals(List.of("gamma", "beta", "moving_mean", "moving_variance"),
                model.weightsByLayer().get("bn_Conv1").stream().map(KerasWeight::name).toList(), "the manifest's order");
        assertEquals(List.of("depthwise_kernel"), model.weightsByLayer().get("expanded_conv_depthwise").stream().map(KerasWeight::name).toList());
        System.out.printf("tfjs nsfw MobileNetV2: %d tensors in %d layers, Conv1/kernel[0]=%s%n", model.weightCount(),
                model.weightsByLayer().size(), conv1.get(0).values()[0]);
    }

    @Test
    void quantisationKinds_decodeAsTfjsDoes(@TempDir Path dir) throws Exception {
        ByteBuffer bytes = ByteBuffer.allocate(2 + 4 + 4 + 8).order(ByteOrder.LITTLE_ENDIAN);
        bytes.put((byte) 0).put((byte) 255);                     // uint8 [2]
        bytes.putShort((short) 1).putShort((short) 65535);        // uint16 [2]
        bytes.putShort((short) 0x3C00).putShort((short) 0xC000);  // float16 [2]: 1, -2
        bytes.putFloat(0.1f).putFloat(-7f);                       // float32 [2]
        Path model = writeModel(dir, bytes.array(), "[{\"name\":\"outer/d/kernel\",\"shape\":[2],\"dtype\":\"float32\",\"quantization\":{\"dtype\":\"uint8\",\"scale\":0.1,\"min\":-1.0}},"
                + "{\"name\":\"outer/d/bias\",\"shape\":[2],\"dtype\":\"float32\",\"quantization\":{\"dtype\":\"uint16\",\"scale\":0.001,\"min\":0.5,\"original_dtype\":\"float32\"}},"
                + "{\"name\":\"other/d/kernel\",\"shape\":[1,2],\"dtype\":\"float32\",\"quantization\":{\"dtype\":\"float16\"}},"
                + "{\"name\":\"e/kernel:0\",\"shape\":[2],\"dtype\":\"float32\"}]");
        KerasModelFile file = KerasFiles.read(model);
        assertNull(file.kerasVersion());
        assertEquals(List.of("d", "other/d", "e"), List.copyOf(file.weightsByLayer().keySet()), "innermost name, later twins by full path");
        assertArrayEquals(new float[] {(float) (0 * 0.1 - 1.0), (float) (255 * 0.1 - 1.0)}, file.weightsByLayer().get("d").get(0).values());
        assertArrayEquals(new float[] {(float) (1 * 0.001 + 0.5), (float) (65535 * 0.001 + 0.5)}, file.weightsByLayer().get("d").get(1).values());
        assertArrayEquals(new float[] {1f, -2f}, file.weightsByLayer().get("other/d").get(0).values());
        assertEquals("kernel", file.weightsByLayer().get("e").get(0).name());
        assertArrayEquals(new float[] {0.1f, -7f}, file.weightsByLayer().get("e").get(0).values());
    }

    @Test
    void badManifests_areRefusedInOneLineNamingFileAndTensor(@TempDir Path dir) throws Exception {
        String truncated = assertRefused(writeModel(dir.resolve("a"), new byte[5],
                "[{\"name\":\"c/kernel\",\"shape\":[2,3],\"dtype\":\"float32\",\"quantization\":{\"dtype\":\"uint8\",\"scale\":1,\"min\":0}}]"));
        assertTrue(truncated.contains("c/kernel") && truncated.contains("truncated"), truncated);
        String dtype = assertRefused(writeModel(dir.resolve("b"), new byte[8],
                "[{\"name\":\"c/kernel\",\"shape\":[2],\"dtype\":\"float32\",\"quantization\":{\"dtype\":\"int4\",\"scale\":1,\"min\":0}}]"));
        assertTrue(dtype.contains("c/kernel") && dtype.contains("int4"), dtype);
        String plain = assertRefused(writeModel(dir.resolve("c"), new byte[8], "[{\"name\":\"c/kernel\",\"shape\":[2],\"dtype\":\"complex64\"}]"));
        assertTrue(plain.contains("c/kernel") && plain.contains("complex64"), plain);
        for (String path : List.of("../secret.bin", "/etc/passwd", "sub/../../x.bin", "C:\\x.bin", "http://example.com/x.bin")) {
            Path model = writeModel(dir.resolve("d" + Math.abs(path.hashCode())), new byte[4], "[{\"name\":\"c/kernel\",\"shape\":[1],\"dtype\":\"float32\"}]");
            ObjectNode root = (ObjectNode) JSON.readTree(model.toFile());
            ((ArrayNode) root.path("weightsManifest").get(0).path("paths")).removeAll().add(path);
            JSON.writeValue(model.toFile(), root);
            String traversal = assertRefused(model);
            assertTrue(traversal.contains(path) && traversal.contains("refused"), traversal);
        }
    }

    private static String assertRefused(Path model) {
        WeightImportException e = assertThrows(WeightImportException.class, () -> KerasFiles.read(model));
        assertTrue(e.getMessage().startsWith(model.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    private static Path writeModel(Path dir, byte[] shard, String weights) throws Exception {
        Files.createDirectories(dir);
        Files.write(dir.resolve("w.bin"), shard);
        Path model = dir.resolve("model.json");
        Files.writeString(model, "{\"modelTopology\":{\"class_name\":\"Sequential\",\"config\":{\"layers\":[]}},"
                + "\"weightsManifest\":[{\"paths\":[\"w.bin\"],\"weights\":" + weights + "}]}");
        return model;
    }
}
