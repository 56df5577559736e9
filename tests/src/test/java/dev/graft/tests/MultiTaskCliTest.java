package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.datasets.io.CsvTable;
import dev.graft.datasets.synthetic.SyntheticLesions;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code graft finetune --tasks} from the command line: a CSV with a main task and two auxiliary
 * tasks, one missing half its labels, trains with hard sharing (tasks file) and with soft sharing
 * (inline in a config file); predict writes every task; export proves parity and a plain ONNX
 * Runtime session reads the per-task outputs and labels.
 */
class MultiTaskCliTest {

    @Test
    void mainAndTwoAuxiliaryTasks_trainHardAndSoft_predictAndExportEveryTask(@TempDir Path dir) throws Exception {
        Random random = new Random(3);
        Path manifest = dir.resolve("data/tasks.csv");
        CsvTable.read(new SyntheticLesions(100, 32, 2).generate(dir.resolve("data")))
                .withColumn("colour_count", row -> random.nextBoolean() ? "" : row.get("colors"))
                .write(manifest);
        Path tasksFile = dir.resolve("tasks.yaml");
        Files.writeString(tasksFile, """
                tasks:
                  - {name: diagnosis, column: label, kind: binary, role: main}
                  - {name: asymmetry, weight: 0.5}
                  - {name: colours, column: colour_count, weight: 0.5, patience: 2}
                  - {name: size, column: diameter, kind: regression, weight: 0.5}
                """);
        Path config = dir.resolve("soft.yaml");
        Files.writeString(config, """
                arch: mobilenet_v2
                cut: stage3
                freeze: stage1
                image-size: 32
                epochs: 3
                batch-size: 16
                lr: 0.003
                normalize: train
                device: cpu
                tasks:
                  sharing: soft
                  soft-lambda: 0.01
                  loss-weighting: uncertainty
                  tasks:
                    - {name: diagnosis, column: label, kind: binary, role: main}
                    - {name: asymmetry, weight: 0.5}
                    - {name: colours, column: colour_count, weight: 0.5}
                """);
        GraftCli.Result recall = GraftCli.run("finetune", "--data", manifest.toString(), "--tasks", tasksFile.toString(),
                "--arch", "mobilenet_v2", "--target-recall", "0.9", "--out", dir.resolve("recall").toString());
        HostileFilesCliTest.assertOneLine(recall, 2, "target-recall chooses the threshold of a single two-class task");
        assertFalse(Files.exists(dir.resolve("recall")), "nothing was written");
        Path hard = dir.resolve("hard");
        Path soft = dir.resolve("soft");
        GraftCli.Result hardRun = GraftCli.run("finetune", "--data", manifest.toString(), "--tasks", tasksFile.toString(),
                "--arch", "mobilenet_v2", "--cut", "stage3", "--freeze", "none", "--image-size", "32", "--epochs", "3",
                "--batch-size", "16", "--lr", "0.003", "--normalize", "train", "--device", "cpu", "--out", hard.toString());
        assertEquals(0, hardRun.exitCode(), hardRun.err());
        GraftCli.Result softRun = GraftCli.run("finetune", "--config", config.toString(), "--data", manifest.toString(),
                "--out", soft.toString());
        assertEquals(0, softRun.exitCode(), softRun.err());

        ObjectMapper json = new ObjectMapper();
        for (Path run : List.of(hard, soft)) {
            JsonNode tasks = json.readTree(run.resolve("metrics.json").toFile()).path("tasks");
            for (String task : List.of("diagnosis", "asymmetry", "colours")) {
                assertTrue(tasks.path(task).path("val").path("accuracy").isNumber(), run + " " + task + ": " + tasks.path(task));
            }
            int all = tasks.path("asymmetry").path("labelled").path("train").asInt();
            int colours = tasks.path("colours").path("labelled").path("train").asInt();
            assertTrue(colours > 0.3 * all && colours < 0.7 * all, "half the colour labels are missing: " + colours + " of " + all);
        }
        JsonNode size = json.readTree(hard.resolve("metrics.json").toFile()).path("tasks").path("size");
        assertEquals("regression", size.path("kind").asText());
        assertTrue(size.path("val").path("mae").isNumber() && size.path("val").path("r2").isNumber(), size.toString());
        List<String> history = Files.readAllLines(hard.resolve("history.csv"));
        int sizeLoss = List.of(history.get(0).split(",")).indexOf("size_train_loss");
        assertTrue(Double.parseDouble(history.get(3).split(",")[sizeLoss]) < Double.parseDouble(history.get(1).split(",")[sizeLoss]),
                "the regression task's training loss falls: " + history);
        JsonNode sharing = json.readTree(soft.resolve("metrics.json").toFile()).path("sharing");
        assertEquals("soft", sharing.path("mode").asText());
        assertEquals("uncertainty", sharing.path("loss_weighting").asText());

        GraftCli.Result predicted = GraftCli.run("predict", "--run", soft.toString(), "--data", manifest.toString());
        assertEquals(0, predicted.exitCode(), predicted.err());
        List<String> header = List.of(predicted.out().lines().findFirst().orElseThrow().split(","));
        assertTrue(header.containsAll(List.of("diagnosis_predicted", "diagnosis_p_melanoma", "asymmetry_predicted", "asymmetry_p_2",
                "colours_predicted")), header.toString());
        assertEquals(100, predicted.out().lines().count() - 1);

        GraftCli.Result evaluated = GraftCli.run("evaluate", "--run", soft.toString(), "--data", manifest.toString());
        assertEquals(0, evaluated.exitCode(), evaluated.err());
        JsonNode scores = json.readTree(evaluated.out());
        long colourLabels = Files.readAllLines(manifest).stream().skip(1).filter(l -> !l.endsWith(",")).count();
        assertEquals(colourLabels, scores.path("colours").path("count").asLong(), "each task is scored on its labelled images");
        assertEquals(100, scores.path("diagnosis").path("count").asInt());
        assertTrue(scores.path("asymmetry").path("ci95").has("accuracy"), scores.path("asymmetry").toString());

        GraftCli.Result sizes = GraftCli.run("predict", "--run", hard.toString(), "--data", manifest.toString());
        assertEquals(0, sizes.exitCode(), sizes.err());
        List<String> sizeHeader = List.of(sizes.out().lines().findFirst().orElseThrow().split(","));
        int sizeColumn = sizeHeader.indexOf("size_value");
        assertTrue(sizeColumn > 0, sizeHeader.toString());
        float firstSize = Float.parseFloat(sizes.out().lines().skip(1).findFirst().orElseThrow().split(",")[sizeColumn]);
        assertTrue(firstSize > 0 && firstSize < 7, "a diameter in the data's range (1-5): " + firstSize);

        for (Path run : List.of(hard, soft)) {
            Path onnx = dir.resolve(run.getFileName() + ".onnx");
            GraftCli.Result exported = GraftCli.run("export", "--run", run.toString(), "--out", onnx.toString());
            assertEquals(0, exported.exitCode(), exported.err());
            Matcher diff = Pattern.compile("max_abs_diff=(\\S+)").matcher(exported.out());
            assertTrue(diff.find() && Double.parseDouble(diff.group(1)) <= 1e-4, exported.out());
            try (OrtEnvironment env = OrtEnvironment.getEnvironment();
                    OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
                    OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[2 * 3 * 32 * 32]), new long[] {2, 3, 32, 32});
                    OrtSession.Result result = session.run(Map.of("input", input))) {
                Map<String, String> metadata = session.getMetadata().getCustomMetadata();
                JsonNode labels = json.readTree(metadata.get("graft.tasks"));
                assertEquals("[\"benign\",\"melanoma\"]", labels.path("diagnosis").toString());
                assertEquals(3, labels.path("asymmetry").size());
                assertEquals("diagnosis", metadata.get("graft.main_task"));
                assertEquals(run == hard ? 7 : 6, session.getOutputNames().size(), session.getOutputNames().toString());
                if (run == hard) {
                    float[][] value = (float[][]) result.get("size.value").orElseThrow().getValue();
                    assertEquals(1, value[0].length, "a regression task has one value per image");
                }
                float[][] asymmetry = (float[][]) result.get("asymmetry.probabilities").orElseThrow().getValue();
                assertEquals(1.0, asymmetry[0][0] + asymmetry[0][1] + asymmetry[0][2], 1e-5);
            }
        }
        GraftCli.Result tfjs = GraftCli.run("export", "--run", soft.toString(), "--format", "tfjs", "--out", dir.resolve("tfjs").toString());
        assertEquals(1, tfjs.exitCode(), tfjs.out() + tfjs.err());
        assertEquals(1, tfjs.err().strip().lines().count(), tfjs.err());
        assertTrue(tfjs.err().contains("the TensorFlow.js export writes single-task classifiers;"), tfjs.err());
        assertTrue(tfjs.err().contains("use --format onnx."), tfjs.err());
        assertFalse(Files.exists(dir.resolve("tfjs")), "nothing written for a multi-task run");
    }
}
