package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** graft zoo list --json reports the five architectures with torchvision's parameter counts. */
class ZooListTest {

    @Test
    void listJson_showsTorchvisionParameterCounts() throws Exception {
        GraftCli.Result result = GraftCli.run("zoo", "list", "--json");
        assertEquals(0, result.exitCode(), result.err());
        JsonNode root = new ObjectMapper().readTree(result.out());
        Map<String, Long> counts = new LinkedHashMap<>();
        for (JsonNode arch : root.get("architectures")) {
            counts.put(arch.get("name").asText(), arch.get("parameters").asLong());
            assertTrue(arch.get("cut_points").size() >= 3, arch.toString());
        }
        assertEquals(
                Map.ofEntries(
                        Map.entry("resnet18", 11_689_512L),
                        Map.entry("resnet34", 21_797_672L),
                        Map.entry("resnet50", 25_557_032L),
                        Map.entry("mobilenet_v2", 3_504_872L),
                        Map.entry("squeezenet1_1", 1_235_496L),
                        Map.entry("densenet121", 7_978_856L),
                        Map.entry("densenet169", 14_149_480L),
                        Map.entry("densenet201", 20_013_928L),
                        Map.entry("efficientnet_b0", 5_288_548L),
                        Map.entry("efficientnet_b1", 7_794_184L),
                        Map.entry("efficientnet_b2", 9_109_994L),
                        Map.entry("efficientnet_b3", 12_233_232L),
                        Map.entry("efficientnet_b4", 19_341_616L),
                        Map.entry("mobilenet_v3_small", 2_542_856L),
                        Map.entry("mobilenet_v3_large", 5_483_032L),
                        Map.entry("convnext_tiny", 28_589_128L),
                        Map.entry("convnext_small", 50_223_688L),
                        Map.entry("convnext_base", 88_591_464L),
                        Map.entry("vit_b_16", 86_567_656L),
                        Map.entry("vit_b_32", 88_224_232L),
                        Map.entry("convnext_small_config", 1_930_480L),
                        Map.entry("vit_small_config", 1_268_776L)),
                counts);
    }

    @Test
    void unknownCommand_exitsWithUsageAndListsCommands() {
        GraftCli.Result result = GraftCli.run("zoo", "lst");
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("list"), result.err());
    }

    @Test
    void verify_unknownArch_namesNearestAndExits2() {
        GraftCli.Result result = GraftCli.run("zoo", "verify", "--arch", "resnet81", "--weights", "x.pth", "--reference", ".");
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("resnet18"), result.err());
    }
}
