package dev.graft.zoo.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerasApplicationsTest {

    @Test
    void mobileNetV2Config_equalsTheTfjsModelsBackboneUpToOutRelu() throws Exception {
        KerasModelFile tfjs = KerasFiles.read(KerasAssets.require("tfjs_mobilenet_v2_nsfw/model.json"));
        List<JsonNode> expected = new ArrayList<>();
        for (JsonNode layer : KerasConfigs.layers(tfjs.modelConfig())) {
            expected.add(layer);
            if (KerasConfigs.name(layer).equals("out_relu")) {
                break;
            }
        }
        JsonNode generated = KerasApplications.mobileNetV2Config(1.0, false);
        List<JsonNode> actual = KerasConfigs.layers(generated);
        assertEquals(expected.size(), actual.size(), "layer count up to out_relu");
        int settings = 0;
        for (int i = 0; i < actual.size(); i++) {
            JsonNode a = actual.get(i);
            JsonNode e = expected.get(i);
            String where = "layer " + i + " " + KerasConfigs.name(e);
            assertEquals(KerasConfigs.name(e), KerasConfigs.name(a), where);
            assertEquals(e.path("class_name").asText(), a.path("class_name").asText(), where);
            assertEquals(inboundNames(e), inboundNames(a), where + " inputs");
            for (Iterator<Map.Entry<String, JsonNode>> it = a.path("config").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> setting = it.next();
                if (setting.getKey().equals("trainable")) {
                    continue; // the TF.js model froze part of its backbone for training
                }
                JsonNode other = e.path("config").path(setting.getKey());
                if (setting.getValue().isNumber()) {
                    assertEquals(setting.getValue().asDouble(), other.asDouble(), 0, where + " " + setting.getKey());
                } else {
                    assertEquals(setting.getValue(), other, where + " " + setting.getKey());
                }
                settings++;
            }
        }
        assertEquals("out_relu", generated.path("config").path("output_layers").get(0).get(0).asText());
        assertEquals(List.of(1280.0), KerasConfigs.layers(generated).stream().filter(l -> KerasConfigs.name(l).equals("Conv_1"))
                .map(l -> l.path("config").path("filters").asDouble()).toList());
        assertEquals(List.of("ZeroPadding2D"), actual.stream().filter(l -> KerasConfigs.name(l).equals("block_1_pad"))
                .map(l -> l.path("class_name").asText()).toList());
        System.out.printf("MobileNetV2 config: %d layers up to out_relu, %d settings equal the TF.js model's%n", actual.size(), settings);

        // Every weight of the TF.js backbone has a layer of the same name in the config, and no config weight layer lacks weights.
        Set<String> configWeightLayers = new TreeSet<>();
        for (JsonNode layer : actual) {
            if (Set.of("Conv2D", "DepthwiseConv2D", "BatchNormalization").contains(layer.path("class_name").asText())) {
                configWeightLayers.add(KerasConfigs.name(layer));
            }
        }
        Set<String> backboneWeightLayers = new TreeSet<>(tfjs.weightsByLayer().keySet());
        backboneWeightLayers.removeIf(name -> name.startsWith("dense_"));
        assertEquals(backboneWeightLayers, configWeightLayers);
        assertEquals(52 + 35 + 17, configWeightLayers.size(), "52 BatchNormalization, 35 Conv2D, 17 DepthwiseConv2D");
    }

    @Test
    void tfjsBackboneAsWeightsOnlyH5_fitsTheConfigLayerByLayer(@TempDir Path dir) throws Exception {
        // The keras:// path offline: the TF.js backbone written as a save_weights .h5 (as Keras's no_top file is), read back
        // and matched by name against the generated config, shapes following the channels through the graph.
        KerasModelFile tfjs = KerasFiles.read(KerasAssets.require("tfjs_mobilenet_v2_nsfw/model.json"));
        Map<String, List<KerasWeight>> backbone = new LinkedHashMap<>(tfjs.weightsByLayer());
        backbone.keySet().removeIf(name -> name.startsWith("dense_"));
        Path h5 = dir.resolve("mobilenet_v2_no_top.h5");
        KerasWeightsWriter.write(h5, backbone, tfjs.kerasVersion());
        KerasModelFile weights = KerasFiles.read(h5);
        Map<String, Long> channels = new HashMap<>();
        int checked = 0;
        for (JsonNode layer : KerasConfigs.layers(KerasApplications.mobileNetV2Config(1.0, false))) {
            String name = KerasConfigs.name(layer);
            JsonNode config = layer.path("config");
            long in = layer.path("inbound_nodes").size() == 0 ? 3 : channels.get(layer.path("inbound_nodes").get(0).get(0).get(0).asText());
            long out = in;
            List<KerasWeight> w = weights.weightsByLayer().getOrDefault(name, List.of());
            switch (layer.path("class_name").asText()) {
                case "Conv2D" -> {
                    out = config.path("filters").asLong();
                    long k = config.path("kernel_size").get(0).asLong();
                    assertEquals(List.of("kernel"), w.stream().map(KerasWeight::name).toList(), name);
                    assertArrayEquals(new long[] {k, k, in, out}, w.get(0).shape(), name);
                }
                case "DepthwiseConv2D" -> {
                    assertEquals(List.of("depthwise_kernel"), w.stream().map(KerasWeight::name).toList(), name);
                    assertArrayEquals(new long[] {3, 3, in, 1}, w.get(0).shape(), name);
                }
                case "BatchNormalization" -> {
                    assertEquals(List.of("gamma", "beta", "moving_mean", "moving_variance"), w.stream().map(KerasWeight::name).toList(), name);
                    w.forEach(t -> assertArrayEquals(new long[] {in}, t.shape(), name));
                }
                default -> assertTrue(w.isEmpty(), name);
            }
            checked += w.size();
            channels.put(name, out);
        }
        assertEquals(backbone.values().stream().mapToInt(List::size).sum(), checked, "every backbone weight placed");
        assertEquals(260, checked);
    }

    @Test
    void includeTop_endsInTheImagenetClassifier() {
        List<JsonNode> layers = KerasConfigs.layers(KerasApplications.mobileNetV2Config(1.0, true));
        JsonNode last = layers.get(layers.size() - 1);
        assertEquals("predictions", KerasConfigs.name(last));
        assertEquals(1000, last.path("config").path("units").asInt());
        assertEquals("GlobalAveragePooling2D", layers.get(layers.size() - 2).path("class_name").asText());
        assertTrue(KerasApplications.makeDivisible(32 * 0.35, 8) == 16 && KerasApplications.makeDivisible(1280 * 1.4, 8) == 1792);
    }

    private static List<String> inboundNames(JsonNode layer) {
        List<String> names = new ArrayList<>();
        for (JsonNode node : layer.path("inbound_nodes")) {
            for (JsonNode edge : node) {
                names.add(edge.get(0).asText());
            }
        }
        return names;
    }
}
