package dev.graft.zoo.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

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
