package dev.graft.zoo.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Test helper: assembles a Keras 3 {@code .keras} archive from a Keras 2 Sequential model, as
 * Keras 3's {@code model.save} lays it out: {@code metadata.json} with {@code keras_version},
 * {@code config.json} in Keras 3 form (every layer as {@code {"module", "class_name", "config",
 * "registered_name"}}, an explicit InputLayer with {@code batch_shape}), and {@code
 * model.weights.h5} with each layer's variables at {@code layers/<snake_case class, made
 * unique>/vars/<i>}.
 */
final class KerasArchiveFixture {

    static final ObjectMapper JSON = new ObjectMapper();

    private KerasArchiveFixture() {}

    /**
     * The Keras 3 form of a Keras 2 Sequential config (list or dict form).
     *
     * @param keras2 {@code {"class_name":"Sequential","config":..}}
     * @param name the model's name
     * @return the Keras 3 config
     */
    static ObjectNode sequentialConfig(JsonNode keras2, String name) {
        ArrayNode layers = JSON.createArrayNode();
        JsonNode batchShape = null;
        for (JsonNode layer : KerasConfigs.layers(keras2)) {
            ObjectNode config = layer.path("config").deepCopy();
            if (config.has("batch_input_shape")) {
                batchShape = config.remove("batch_input_shape");
            }
            layers.add(layer(layer.path("class_name").asText(), config));
        }
        if (batchShape != null) {
            ObjectNode input = JSON.createObjectNode();
            input.set("batch_shape", batchShape);
            input.put("dtype", "float32").put("sparse", false).put("name", name + "_input");
            layers.insert(0, layer("InputLayer", input));
        }
        ObjectNode config = JSON.createObjectNode().put("name", name).put("trainable", true);
        config.set("layers", layers);
        ObjectNode model = JSON.createObjectNode().put("module", "keras").put("class_name", "Sequential");
        model.set("config", config);
        model.putNull("registered_name");
        return model;
    }

    static ObjectNode layer(String className, ObjectNode config) {
        ObjectNode layer = JSON.createObjectNode().put("module", "keras.layers").put("class_name", className);
        layer.set("config", config);
        layer.putNull("registered_name");
        return layer;
    }

    /**
     * Writes a {@code .keras} archive.
     *
     * @param target the archive
     * @param config the Keras 3 model config
     * @param weightsByLayer the weights, keyed by (innermost) layer name, in Keras variable order
     * @param kerasVersion the version for metadata.json
     * @param scratch a folder for the h5 before zipping
     */
    static void write(Path target, JsonNode config, Map<String, List<KerasWeight>> weightsByLayer, String kerasVersion, Path scratch)
            throws Exception {
        write(target, config, weightsByLayer, kerasVersion, scratch, Map.of());
    }

    /**
     * Writes a {@code .keras} archive whose {@code vars} groups record their layer's name, as
     * recent Keras 3 does, optionally with some groups' contents swapped to test that the names decide.
     *
     * @param swapped group path to the group path whose layer's variables it holds instead (both ways)
     */
    static void write(Path target, JsonNode config, Map<String, List<KerasWeight>> weightsByLayer, String kerasVersion, Path scratch,
            Map<String, String> swapped) throws Exception {
        Path h5 = scratch.resolve(target.getFileName() + ".weights.h5");
        try (WritableHdfFile hdf = HdfFile.write(h5)) {
            Map<String, Keras3Layout.Entry> byPath = new java.util.HashMap<>();
            Keras3Layout.leaves(config).values().forEach(e -> byPath.put(e.path(), e));
            for (Keras3Layout.Entry written : Keras3Layout.leaves(config).values()) {
                Keras3Layout.Entry held = byPath.get(swapped.getOrDefault(written.path(), written.path()));
                List<KerasWeight> weights = weightsByLayer.getOrDefault(held.name(), List.of());
                if (weights.isEmpty()) {
                    continue;
                }
                WritableGroup group = hdf;
                for (String part : (written.path() + "/vars").split("/")) {
                    group = group.getChild(part) instanceof WritableGroup existing ? existing : group.putGroup(part);
                }
                if (!swapped.isEmpty()) {
                    group.putAttribute("name", held.name());
                }
                for (int i = 0; i < weights.size(); i++) {
                    group.putDataset(Integer.toString(i), KerasWeightsWriter.nested(weights.get(i).values(), weights.get(i).shape()));
                }
            }
        }
        try (OutputStream out = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("metadata.json"));
            zip.write(JSON.writeValueAsBytes(JSON.createObjectNode().put("keras_version", kerasVersion).put("date_saved", "2026-01-01@00:00:00")));
            zip.putNextEntry(new ZipEntry("config.json"));
            zip.write(JSON.writeValueAsBytes(config));
            zip.putNextEntry(new ZipEntry("model.weights.h5"));
            zip.write(Files.readAllBytes(h5));
            zip.closeEntry();
        }
    }
}
