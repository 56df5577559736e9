package dev.graft.core.multitask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.core.model.HeadSpec;
import dev.graft.core.run.FinetuneConfig;
import dev.graft.core.run.FinetuneRun;
import dev.graft.core.run.Predictions;
import dev.graft.core.run.TrainedModel;
import dev.graft.core.train.EpochResult;
import dev.graft.core.train.TrainingListener;
import dev.graft.core.train.TrainingOptions;
import dev.graft.datasets.image.BadImagePolicy;
import dev.graft.datasets.io.CsvTable;
import dev.graft.datasets.synthetic.SyntheticLesions;
import dev.graft.zoo.weights.SafetensorsReader;
import dev.graft.zoo.weights.TensorData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-task runs end to end on small synthetic lesions (from-scratch MobileNetV2 cut at stage3,
 * 32 px): the diagnosis is the main task; {@code asymmetry} is a real auxiliary attribute,
 * {@code border} another with half its labels missing, {@code noise} a coin flip nothing can learn.
 */
class MultiTaskRunTest {

    @TempDir
    static Path data;

    private static Path manifest;

    @BeforeAll
    static void generate() throws Exception {
        Random random = new Random(5);
        manifest = data.resolve("tasks.csv");
        CsvTable.read(new SyntheticLesions(120, 32, 1).generate(data))
                .withColumn("border_level", row -> random.nextBoolean() ? "" : Integer.parseInt(row.get("border")) >= 4 ? "high" : "low")
                .withColumn("noise", row -> random.nextBoolean() ? "heads" : "tails")
                .write(manifest);
    }

    private static MultiTaskSpec tasks(String sharing, String weighting, TaskSpec... auxiliaries) {
        List<TaskSpec> all = new ArrayList<>();
        all.add(new TaskSpec("diagnosis", "label", "binary", "main", 1));
        all.addAll(List.of(auxiliaries));
        return new MultiTaskSpec(all, sharing, null, null, 0.01, weighting);
    }

    private static FinetuneConfig config(Path out, int epochs, boolean resume, String freeze, MultiTaskSpec tasks) {
        return config(out, epochs, resume, freeze, tasks, "accuracy");
    }

    private static FinetuneConfig config(Path out, int epochs, boolean resume, String freeze, MultiTaskSpec tasks, String metric) {
        TrainingOptions training = TrainingOptions.builder().optEpochs(epochs).optBatchSize(16).optLearningRate(3e-3f)
                .optTrunkLearningRateFactor(1f).optPatience(0).optMetric(TrainingOptions.METRIC.parse(metric)).optSeed(7).build();
        return new FinetuneConfig(manifest, null, null, "mobilenet_v2", null, "stage3", freeze, HeadSpec.LINEAR, 32, 0,
                "train", 0.25, 0.0, 0.0, Map.of(), null, 0, false, "cpu", out, resume, training, tasks);
    }

    private static JsonNode json(Path file) throws Exception {
        return new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void hardAndSoftSharing_trainEveryTask_andReportAndPredictEachOnItsLabelledImages(@TempDir Path runs) throws Exception {
        TaskSpec asymmetry = new TaskSpec("asymmetry", "asymmetry", "multiclass", "auxiliary", 0.5);
        TaskSpec border = new TaskSpec("border", "border_level", "binary", "auxiliary", 0.5);
        for (String sharing : List.of("hard", "soft")) {
            Path out = runs.resolve(sharing);
            FinetuneConfig config = config(out, 4, false, sharing.equals("hard") ? "none" : "stage1", tasks(sharing, "fixed", asymmetry, border));
            FinetuneRun.execute(config, new TrainingListener() {});
            JsonNode metrics = json(out.resolve("metrics.json"));
            assertEquals(List.of("diagnosis", "asymmetry", "border"), iterate(metrics.path("tasks").fieldNames()));
            int valImages = metrics.path("tasks").path("asymmetry").path("labelled").path("val").asInt();
            int borderLabelled = metrics.path("tasks").path("border").path("labelled").path("val").asInt();
            assertEquals(metrics.path("val").path("count").asInt(), valImages, "every validation image has an asymmetry");
            assertTrue(borderLabelled >= 9 && borderLabelled <= 21, "about half the border labels are missing: " + borderLabelled);
            assertEquals(borderLabelled, metrics.path("tasks").path("border").path("val").path("count").asInt());
            assertEquals(metrics.path("val"), metrics.path("tasks").path("diagnosis").path("val"), "top-level metrics are the main task's");
            JsonNode spec = json(out.resolve("manifest.json")).path("tasks");
            assertTrue(spec.has("loss_weighting") && spec.path("tasks").get(1).has("class_weights") && !spec.has("lossWeighting"),
                    "manifest.json's task spec has snake_case keys: " + spec);
            assertEquals("asymmetry", json(out.resolve("model.json")).path("multi_task").path("tasks").get(1).path("name").asText());

            List<String> history = Files.readAllLines(out.resolve("history.csv"));
            List<String> header = List.of(history.get(0).split(","));
            int mainLoss = header.indexOf("diagnosis_train_loss");
            int borderWeight = header.indexOf("border_loss_weight");
            assertTrue(mainLoss > 0 && borderWeight > 0, history.get(0));
            assertTrue(cell(history, 4, mainLoss) < cell(history, 1, mainLoss) * 0.9,
                    sharing + ": main-task loss " + cell(history, 1, mainLoss) + " -> " + cell(history, 4, mainLoss));
            assertEquals(0.5, cell(history, 4, borderWeight), 1e-9);
            JsonNode sharingInfo = metrics.path("sharing");
            assertEquals(sharing.equals("hard") ? 0 : 5, sharingInfo.path("copied_modules").size(), sharingInfo.toString());

            // The saved model predicts every task; its scores on the validation images match metrics.json.
            var splits = FinetuneRun.readSplits(config);
            try (TrainedModel model = TrainedModel.open(out, "cpu")) {
                Map<String, Predictions> predicted = model.predictTasks(splits.val(), BadImagePolicy.FAIL);
                assertEquals(List.of("diagnosis", "asymmetry", "border"), List.copyOf(predicted.keySet()));
                for (String task : List.of("asymmetry", "border")) {
                    String column = task.equals("border") ? "border_level" : "asymmetry";
                    List<String> classes = iterateValues(metrics.path("tasks").path(task).path("classes"));
                    Predictions p = predicted.get(task);
                    int correct = 0;
                    int labelled = 0;
                    for (int i = 0; i < p.split().size(); i++) {
                        String truth = p.split().images().get(i).attributes().get(column);
                        if (!truth.isEmpty()) {
                            labelled++;
                            correct += classes.get(p.predicted(i)).equals(truth) ? 1 : 0;
                        }
                    }
                    assertEquals(metrics.path("tasks").path(task).path("val").path("accuracy").asDouble(), correct / (double) labelled, 1e-9,
                            sharing + " " + task);
                }
            }
        }
    }

    @Test
    void auxiliaryTasks_neverDriveCheckpointSelection(@TempDir Path out) throws Exception {
        List<Boolean> selected = new ArrayList<>();
        List<EpochResult> epochs = new ArrayList<>();
        FinetuneRun.execute(config(out, 6, false, "none", tasks("hard", "fixed", new TaskSpec("noise", "noise", "binary", "auxiliary", 1, 0,
                Map.of(), null)), "loss"), new TrainingListener() {
                    @Override
                    public void onEpoch(EpochResult result, boolean improved) {
                        epochs.add(result);
                        selected.add(improved);
                    }
                });
        double bestMain = Double.POSITIVE_INFINITY;
        double bestNoise = Double.POSITIVE_INFINITY;
        int disagreements = 0;
        for (int e = 0; e < epochs.size(); e++) {
            double main = epochs.get(e).tasks().get(0).validation().get("loss");
            double noise = epochs.get(e).tasks().get(1).validation().get("loss");
            assertEquals(main, epochs.get(e).validation().logLoss());
            assertEquals(main < bestMain, selected.get(e), "epoch " + (e + 1) + ": selection follows the main task only");
            disagreements += (main < bestMain) != (noise < bestNoise) ? 1 : 0;
            bestMain = Math.min(bestMain, main);
            bestNoise = Math.min(bestNoise, noise);
        }
        assertTrue(disagreements > 0, "the auxiliary task's improvements differ from the main task's in some epoch");
        int bestEpoch = json(out.resolve("metrics.json")).path("best_epoch").asInt();
        assertEquals(bestMain, epochs.get(bestEpoch - 1).validation().logLoss(), "the kept epoch has the lowest main-task loss");
    }

    @Test
    void aStoppedTask_keepsBitIdenticalBranchWeights_whileTheOthersTrainOn(@TempDir Path out) throws Exception {
        Map<Integer, Map<String, TensorData>> byEpoch = new LinkedHashMap<>();
        Path checkpoints = out.resolve("checkpoint");
        FinetuneRun.execute(config(out, 6, false, "stage1", tasks("soft", "fixed", new TaskSpec("noise", "noise", "binary", "auxiliary", 1, 1,
                Map.of(), "loss"))), new TrainingListener() {
                    @Override
                    public void onEpoch(EpochResult result, boolean improved) {
                        readCheckpoint(checkpoints, result.epoch() - 1, byEpoch);
                    }
                });
        readCheckpoint(checkpoints, 6, byEpoch);
        JsonNode noise = json(out.resolve("metrics.json")).path("tasks").path("noise");
        assertTrue(noise.path("stopped_after_epoch").isInt(), "the coin-flip task stops: " + noise);
        int stopped = noise.path("stopped_after_epoch").asInt();
        assertTrue(stopped < 6, "stopped after epoch " + stopped);
        List<String> branch = byEpoch.get(stopped).keySet().stream().filter(n -> n.startsWith("head.noise.")).toList();
        assertTrue(branch.stream().anyMatch(n -> n.contains("running_mean")), "the branch holds trunk copies with BatchNorm: " + branch);
        for (int epoch = stopped + 1; epoch <= 6; epoch++) {
            for (String name : branch) {
                assertArrayEquals(byEpoch.get(stopped).get(name).values(), byEpoch.get(epoch).get(name).values(),
                        name + " changed in epoch " + epoch + " after the task stopped");
            }
        }
        String noiseHead = branch.stream().filter(n -> n.startsWith("head.noise.head.") && n.endsWith("weight")).findFirst().orElseThrow();
        if (stopped > 1) {
            assertFalse(Arrays.equals(byEpoch.get(stopped - 1).get(noiseHead).values(), byEpoch.get(stopped).get(noiseHead).values()),
                    "the head trained before it stopped");
        }
        String mainHead = byEpoch.get(6).keySet().stream().filter(n -> n.startsWith("head.diagnosis.head.") && n.endsWith("weight"))
                .findFirst().orElseThrow();
        assertFalse(Arrays.equals(byEpoch.get(stopped).get(mainHead).values(), byEpoch.get(6).get(mainHead).values()),
                "the main task trains on");
    }

    @Test
    void multiTaskRun_resumesAfterAKill_toTheSameMetricsAsAnUnbrokenRun(@TempDir Path runs) throws Exception {
        MultiTaskSpec tasks = tasks("soft", "uncertainty", new TaskSpec("noise", "noise", "binary", "auxiliary", 1, 1, Map.of(), null),
                new TaskSpec("border", "border_level", "binary", "auxiliary", 1));
        Path unbroken = runs.resolve("unbroken");
        FinetuneRun.execute(config(unbroken, 4, false, "stage1", tasks), new TrainingListener() {});

        Path broken = runs.resolve("broken");
        class Kill extends RuntimeException {}
        assertThrows(Kill.class, () -> FinetuneRun.execute(config(broken, 4, false, "stage1", tasks), new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, double loss, double imagesPerSecond) {
                if (epoch == 3 && step == 2) {
                    throw new Kill();
                }
            }
        }));
        FinetuneRun.execute(config(broken, 4, true, "stage1", tasks), new TrainingListener() {});
        assertEquals(Files.readString(unbroken.resolve("metrics.json")), Files.readString(broken.resolve("metrics.json")));
        assertEquals(withoutTimings(unbroken.resolve("history.csv")), withoutTimings(broken.resolve("history.csv")));
        List<String> history = Files.readAllLines(unbroken.resolve("history.csv"));
        int weight = List.of(history.get(0).split(",")).indexOf("border_loss_weight");
        assertTrue(cell(history, 4, weight) != 1.0, "uncertainty weights are learned: " + cell(history, 4, weight));
    }

    private static void readCheckpoint(Path checkpoints, int epoch, Map<Integer, Map<String, TensorData>> into) {
        Path file = checkpoints.resolve("epoch-" + epoch).resolve("params.safetensors");
        if (epoch < 1 || !Files.exists(file)) {
            return;
        }
        try {
            into.put(epoch, new SafetensorsReader().read(file).tensors());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> withoutTimings(Path csv) throws Exception {
        return Files.readAllLines(csv).stream().map(line -> {
            List<String> cells = new ArrayList<>(List.of(line.split(",")));
            cells.remove(11);
            cells.remove(10);
            return String.join(",", cells);
        }).toList();
    }

    private static double cell(List<String> csv, int row, int column) {
        return Double.parseDouble(csv.get(row).split(",")[column]);
    }

    private static List<String> iterate(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    private static List<String> iterateValues(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(v -> list.add(v.asText()));
        return list;
    }
}
