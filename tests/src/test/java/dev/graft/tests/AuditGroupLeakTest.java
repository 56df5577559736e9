package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Done-when 2 of issue 17: CSV manifests with a group column where one group (patient-leak) has
 * an image in the training manifest and one in the test manifest; {@code graft audit} and {@code
 * graft finetune}'s warning before training both name it.
 */
class AuditGroupLeakTest {

    @Test
    void groupAcrossTrainAndTest_isNamedByAuditAndFinetune(@TempDir Path dir) throws Exception {
        Path source = SharedAssets.require("datasets/hymenoptera/train");
        Path weights = SharedAssets.require("weights/mobilenet_v2/weights.safetensors");
        Files.createDirectories(dir.resolve("images"));
        StringBuilder train = new StringBuilder("path,label,group\n");
        StringBuilder test = new StringBuilder("path,label,group\n");
        for (String label : List.of("ants", "bees")) {
            List<Path> files;
            try (Stream<Path> list = Files.list(source.resolve(label))) {
                files = list.sorted().limit(24).toList();
            }
            for (int i = 0; i < files.size(); i++) {
                String name = label + i + ".jpg";
                Files.copy(files.get(i), dir.resolve("images").resolve(name));
                String group = label.equals("ants") && i >= 20 ? "patient-leak" : label + "-patient-" + (i / 2);
                boolean toTest = (i >= 16 && i < 20) || (group.equals("patient-leak") && i >= 22);
                (toTest ? test : train).append("images/").append(name).append(',').append(label).append(',').append(group).append('\n');
            }
        }
        Files.writeString(dir.resolve("train.csv"), train);
        Files.writeString(dir.resolve("test.csv"), test);

        GraftCli.Result audit = GraftCli.run("audit", "--data", dir.resolve("train.csv").toString(), "--test", dir.resolve("test.csv").toString(),
                "--out", dir.resolve("audit").toString());
        assertEquals(0, audit.exitCode(), audit.err());
        assertTrue(audit.out().contains("group patient-leak is in more than one split"), audit.out());
        JsonNode json = new ObjectMapper().readTree(dir.resolve("audit/audit.json").toFile());
        assertEquals(1, json.path("group_leaks").size(), json.toString());
        assertEquals("patient-leak", json.path("group_leaks").get(0).path("group").asText());
        assertTrue(json.path("group_leaks").get(0).path("images_by_split").has("test"));

        GraftCli.Result finetune = GraftCli.run("finetune", "--data", dir.resolve("train.csv").toString(), "--test",
                dir.resolve("test.csv").toString(), "--arch", "mobilenet_v2", "--weights", weights.toString(), "--freeze", "all",
                "--epochs", "1", "--image-size", "64", "--device", "cpu", "--out", dir.resolve("run").toString());
        assertEquals(0, finetune.exitCode(), finetune.err());
        List<String> warnings = finetune.err().lines().filter(l -> l.contains("warning:") && l.contains("leakage")).toList();
        assertEquals(1, warnings.size(), finetune.err());
        assertTrue(warnings.get(0).contains("patient-leak") && warnings.get(0).contains("graft audit"), warnings.get(0));
        System.out.println("finetune warned: " + warnings.get(0));
    }
}
