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
            assertTrue(arch.get("cut_points").size() >= 4, arch.toString());
        }
        assertEquals(
                Map.of(
                        "resnet18", 11_689_512L,
                        "resnet34", 21_797_672L,
                        "resnet50", 25_557_032L,
                        "mobilenet_v2", 3_504_872L,
                        "squeezenet1_1", 1_235_496L),
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
