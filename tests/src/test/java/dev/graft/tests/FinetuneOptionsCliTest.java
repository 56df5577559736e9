package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.core.options.Option;
import dev.graft.core.options.OptionGroup;
import dev.graft.core.run.FinetuneOptions;
import dev.graft.zoo.weights.SafetensorsReader;
import dev.graft.zoo.weights.TensorData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Options declared once, seen from the command line: a run's saved {@code config.yaml}
 * reproduces it byte for byte, the step schedule's options reach the loop, help lists every option
 * with its default by group, a selection metric that is NaN in every epoch keeps the last
 * epoch's weights, and label smoothing reaches multi-task losses.
 */
class FinetuneOptionsCliTest {

    @TempDir
    static Path dir;
    static Path manifest;

    @BeforeAll
    static void data() throws Exception {
        manifest = FastFinetune.lesions(dir.resolve("data"));
    }

    private static String[] common(String... more) {
        return FastFinetune.args(manifest, more);
    }

    @Test
    void savedConfig_reproducesTheRunByteForByte_andStepScheduleDecaysAtEpoch4() throws Exception {
        Path first = dir.resolve("step");
        GraftCli.Result run = GraftCli.run(common("--epochs", "5", "--lr", "0.01", "--schedule", "step", "--step-epochs", "3",
                "--step-gamma", "0.5", "--class-weight", "melanoma=2", "--out", first.toString()));
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = Files.readAllLines(first.resolve("history.csv"));
        int rate = List.of(lines.get(0).split(",")).indexOf("learning_rate");
        double[] rates = lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[rate])).toArray();
        assertArrayEquals(new double[] {0.01, 0.01, 0.01, 0.005, 0.005}, rates, 1e-7, "step decay by 0.5 after every 3 epochs");

        String saved = Files.readString(first.resolve("config.yaml"));
        assertTrue(saved.contains("step-epochs: 3") && saved.contains("class-weight:"), saved);
        Path second = dir.resolve("again");
        GraftCli.Result again = GraftCli.run("finetune", "--config", first.resolve("config.yaml").toString(), "--out", second.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertArrayEquals(Files.readAllBytes(first.resolve("metrics.json")), Files.readAllBytes(second.resolve("metrics.json")));
        assertEquals(saved, Files.readString(second.resolve("config.yaml")));
    }

    @Test
    void camelCaseConfigKey_isRefusedNamingTheOption() throws Exception {
        Path config = dir.resolve("old.json");
        Files.writeString(config, "{\"imageSize\": 32}");
        GraftCli.Result run = GraftCli.run("finetune", "--config", config.toString(), "--data", manifest.toString(), "--arch", "resnet18",
                "--out", dir.resolve("never").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("unknown option 'imageSize' (did you mean 'image-size'?)"), run.err());
    }

    @Test
    void help_listsEveryOptionWithItsDefault_byGroup() {
        GraftCli.Result help = GraftCli.run("finetune", "--help");
        assertEquals(0, help.exitCode());
        int previous = -1;
        for (OptionGroup group : OptionGroup.values()) {
            int at = help.out().indexOf("\n" + group.title() + ":\n");
            assertTrue(at > previous, group.title() + " is a section after the one before:\n" + help.out());
            previous = at;
        }
        for (Option<?> option : FinetuneOptions.ALL) {
            int at = help.out().indexOf("--" + option.name());
            assertTrue(at >= 0, "--" + option.name() + " is listed");
            String section = help.out().substring(0, at);
            int own = section.lastIndexOf("\n" + option.group().title() + ":\n");
            for (OptionGroup other : OptionGroup.values()) {
                assertTrue(own >= section.lastIndexOf("\n" + other.title() + ":\n"),
                        "--" + option.name() + " is under " + option.group().title() + ", not " + other.title());
            }
            if (option.defaultValue() != null && option.arity() != Option.Arity.FLAG) {
                String line = help.out().substring(at, help.out().indexOf("\n  --", at + 1) < 0 ? help.out().length()
                        : help.out().indexOf("\n  --", at + 1));
                assertTrue(line.replaceAll("\\s+", " ").contains("(default "), "--" + option.name() + " shows its default: " + line);
            }
        }
    }

    @Test
    void selectionMetricNaNInEveryEpoch_keepsTheLastEpochsWeights() throws Exception {
        Path val = manifest.resolveSibling("benign-only.csv");
        List<String> rows = Files.readAllLines(manifest);
        int label = List.of(rows.get(0).split(",")).indexOf("label");
        Files.write(val, rows.stream().filter(r -> r == rows.get(0) || r.split(",")[label].equals("benign")).toList());
        Path out = dir.resolve("nan");
        GraftCli.Result run = GraftCli.run(common("--val", val.toString(), "--metric", "auc", "--epochs", "2", "--patience", "0",
                "--lr", "0.01", "--out", out.toString()));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("NaN in every epoch"), run.err());
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(2, metrics.path("best_epoch").asInt());
        Map<String, TensorData> model = new SafetensorsReader().read(out.resolve("model.safetensors")).tensors();
        Map<String, TensorData> last = new SafetensorsReader().read(out.resolve("checkpoint/epoch-2/params.safetensors")).tensors();
        Map<String, TensorData> untrained = new SafetensorsReader().read(out.resolve("checkpoint/epoch-2/best.safetensors")).tensors();
        String head = last.keySet().stream().filter(k -> k.startsWith("head") && k.endsWith("weight")).findFirst().orElseThrow();
        assertArrayEquals(last.get(head).values(), model.get(head).values(), "the saved model is the last epoch's");
        assertFalse(java.util.Arrays.equals(untrained.get(head).values(), model.get(head).values()),
                "the untrained snapshot was not restored");
    }

    @Test
    void labelSmoothing_changesAMultiTaskRunsLoss() throws Exception {
        Path tasks = dir.resolve("tasks.yaml");
        Files.writeString(tasks, """
                tasks:
                  - {name: diagnosis, column: label, kind: binary, role: main}
                  - {name: asymmetry, weight: 0.5}
                """);
        double[] losses = new double[2];
        for (int i = 0; i < 2; i++) {
            Path out = dir.resolve("smooth" + i);
            GraftCli.Result run = GraftCli.run(common("--tasks", tasks.toString(), "--epochs", "1", "--label-smoothing", i == 0 ? "0" : "0.2",
                    "--out", out.toString()));
            assertEquals(0, run.exitCode(), run.err());
            List<String> lines = Files.readAllLines(out.resolve("history.csv"));
            int column = List.of(lines.get(0).split(",")).indexOf("train_loss");
            losses[i] = Double.parseDouble(lines.get(1).split(",")[column]);
        }
        assertNotEquals(losses[0], losses[1], "smoothing 0.2 changes the multi-task training loss");
        assertTrue(losses[1] > losses[0] - 0.5, "and by a plausible amount: " + java.util.Arrays.toString(losses));
    }
}
