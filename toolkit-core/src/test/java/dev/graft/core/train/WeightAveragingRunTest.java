package dev.graft.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.core.model.HeadSpec;
import dev.graft.core.run.FinetuneConfig;
import dev.graft.core.run.FinetuneRun;
import dev.graft.datasets.synthetic.SyntheticLesions;
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
 * EMA and SWA in whole runs on small synthetic lesions (a from-scratch MobileNetV2 cut at stage3,
 * 32 px, nothing frozen, so BatchNorm layers train): what is validated and saved, and resuming
 * after a kill.
 */
class WeightAveragingRunTest {

    @TempDir
    static Path data;

    private static Path manifest;

    @BeforeAll
    static void generate() throws Exception {
        manifest = new SyntheticLesions(96, 32, 1).generate(data);
    }

    private static FinetuneConfig config(Path out, boolean resume, float ema, int swaEpochs, int patience) {
        TrainingOptions training = TrainingOptions.builder().optEpochs(3).optBatchSize(16).optLearningRate(3e-3f)
                .optTrunkLearningRateFactor(1f).optPatience(patience).optRestoreBest(false).optSeed(7).optEma(ema)
                .optSwaEpochs(swaEpochs).build();
        return new FinetuneConfig(manifest, null, null, "mobilenet_v2", null, "stage3", "none", HeadSpec.LINEAR, 32, 0,
                "train", 0.25, 0.0, 0.0, Map.of(), null, 0, false, "cpu", out, resume, training);
    }

    /** Runs, is killed in epoch 3 at step 2, and resumes; the metrics must be those of {@code unbroken}. */
    private static void killAndResume(Path unbroken, Path broken, float ema, int swaEpochs, int patience) throws Exception {
        class Kill extends RuntimeException {}
        assertThrows(Kill.class, () -> FinetuneRun.execute(config(broken, false, ema, swaEpochs, patience), new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, double loss, double imagesPerSecond) {
                if (epoch == 3 && step == 2) {
                    throw new Kill();
                }
            }
        }));
        FinetuneRun.execute(config(broken, true, ema, swaEpochs, patience), new TrainingListener() {});
        assertEquals(Files.readString(unbroken.resolve("metrics.json")), Files.readString(broken.resolve("metrics.json")));
        assertEquals(history(unbroken), history(broken));
    }

    @Test
    void ema_validatesAndSavesTheAverage_trainsAsWithout_andResumesToTheSameMetrics(@TempDir Path runs) throws Exception {
        Path plain = runs.resolve("plain");
        Path ema = runs.resolve("ema");
        FinetuneRun.execute(config(plain, false, 0, 0, 0), new TrainingListener() {});
        FinetuneRun.execute(config(ema, false, 0.9f, 0, 0), new TrainingListener() {});
        List<String[]> raw = history(plain).stream().skip(1).map(l -> l.split(",")).toList();
        List<String[]> averaged = history(ema).stream().skip(1).map(l -> l.split(",")).toList();
        for (int e = 0; e < 3; e++) {
            assertEquals(raw.get(e)[1], averaged.get(e)[1], "the EMA does not change training: epoch " + (e + 1) + " loss");
        }
        assertNotEquals(raw.stream().map(r -> r[3] + r[4]).toList(), averaged.stream().map(r -> r[3] + r[4]).toList(),
                "validation judges the EMA, not the raw weights");
        JsonNode metrics = new ObjectMapper().readTree(ema.resolve("metrics.json").toFile());
        assertEquals("ema", metrics.path("weight_averaging").path("method").asText());
        assertFalse(new ObjectMapper().readTree(plain.resolve("metrics.json").toFile()).has("weight_averaging"));

        SafetensorsReader reader = new SafetensorsReader();
        Map<String, TensorData> model = reader.read(ema.resolve("model.safetensors")).tensors();
        Path last = ema.resolve("checkpoint/epoch-3");
        Map<String, TensorData> averages = reader.read(last.resolve("averages.safetensors")).tensors();
        Map<String, TensorData> params = reader.read(last.resolve("params.safetensors")).tensors();
        int checked = 0;
        for (Map.Entry<String, TensorData> t : model.entrySet()) {
            TensorData average = averages.get("ema/" + t.getKey());
            assertArrayEquals(average.values(), t.getValue().values(), 0f, t.getKey() + " is the EMA");
            checked += java.util.Arrays.equals(params.get(t.getKey()).values(), t.getValue().values()) ? 0 : 1;
        }
        assertTrue(checked > model.size() / 2, "the saved model is not the raw weights: " + checked + " of " + model.size() + " differ");
        assertFalse(Files.exists(plain.resolve("checkpoint/epoch-3/averages.safetensors")), "no average, no averages file");

        killAndResume(ema, runs.resolve("broken"), 0.9f, 0, 0);
    }

    @Test
    void swa_averagesTheLastEpochs_ignoresPatience_andResumesToTheSameMetrics(@TempDir Path runs) throws Exception {
        Path swa = runs.resolve("swa");
        FinetuneRun.execute(config(swa, false, 0, 2, 1), new TrainingListener() {});
        assertEquals(4, history(swa).size(), "three epochs: patience does not stop an SWA run");
        JsonNode metrics = new ObjectMapper().readTree(swa.resolve("metrics.json").toFile());
        assertEquals("swa", metrics.path("weight_averaging").path("method").asText());
        assertEquals(2, metrics.path("weight_averaging").path("first_epoch").asInt());
        assertEquals(3, metrics.path("best_epoch").asInt());
        SafetensorsReader reader = new SafetensorsReader();
        Map<String, TensorData> model = reader.read(swa.resolve("model.safetensors")).tensors();
        Map<String, TensorData> last = reader.read(swa.resolve("checkpoint/epoch-3/params.safetensors")).tensors();
        assertFalse(java.util.Arrays.equals(last.get("head.1.weight").values(), model.get("head.1.weight").values()),
                "the model is the average, not the last epoch");
        String statistics = model.keySet().stream().filter(n -> n.endsWith("running_mean")).findFirst().orElseThrow();
        assertFalse(java.util.Arrays.equals(last.get(statistics).values(), model.get(statistics).values()),
                statistics + " was recomputed");
        killAndResume(swa, runs.resolve("broken"), 0, 2, 1);
    }

    /** history.csv without the throughput and wall-time columns, which differ between runs. */
    private static List<String> history(Path run) throws Exception {
        return Files.readString(run.resolve("history.csv")).lines().map(line -> {
            String[] cells = line.split(",");
            return String.join(",", java.util.Arrays.copyOf(cells, 10)) + "," + cells[12];
        }).toList();
    }
}
