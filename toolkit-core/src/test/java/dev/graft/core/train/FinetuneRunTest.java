package dev.graft.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.model.HeadSpec;
import dev.graft.core.run.FinetuneConfig;
import dev.graft.core.run.FinetuneRun;
import dev.graft.datasets.synthetic.SyntheticLesions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs on small synthetic lesions with a from-scratch MobileNetV2 cut early. */
class FinetuneRunTest {

    @TempDir
    static Path data;

    private static Path manifest;

    @BeforeAll
    static void generate() throws Exception {
        manifest = new SyntheticLesions(96, 32, 1).generate(data);
    }

    private static FinetuneConfig config(Path out, int epochs, float lr, boolean resume) {
        return config(out, epochs, lr, resume, "");
    }

    private static FinetuneConfig config(Path out, int epochs, float lr, boolean resume, String augment) {
        return config(out, epochs, lr, resume, augment, Schedule.COSINE);
    }

    private static FinetuneConfig config(Path out, int epochs, float lr, boolean resume, String augment, Schedule schedule) {
        TrainingOptions training = TrainingOptions.builder().optEpochs(epochs).optBatchSize(16).optLearningRate(lr)
                .optTrunkLearningRateFactor(1f).optPatience(0).optSeed(7).optAugment(augment).optSchedule(schedule).build();
        return new FinetuneConfig(manifest, null, null, "mobilenet_v2", null, "stage3", "none", HeadSpec.LINEAR, 32, 0,
                "train", 0.25, 0.0, 0.0, Map.of(), null, 0, false, "cpu", out, resume, training);
    }

    @Test
    void fromScratch_lossDecreases(@TempDir Path out) throws Exception {
        List<EpochResult> history = new java.util.ArrayList<>();
        FinetuneRun.execute(config(out, 4, 3e-3f, false), new TrainingListener() {
            @Override
            public void onEpoch(EpochResult result, boolean improved) {
                history.add(result);
            }
        });
        assertEquals(4, history.size());
        assertTrue(history.get(3).trainLoss() < history.get(0).trainLoss() * 0.9,
                "loss " + history.get(0).trainLoss() + " -> " + history.get(3).trainLoss());
        for (String file : List.of("config.yaml", "manifest.json", "history.csv", "metrics.json", "model.safetensors", "model.json", "report.html")) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file);
        }
    }

    @Test
    void resume_afterAKillMidEpoch_givesTheSameMetricsAsAnUnbrokenRun(@TempDir Path runs) throws Exception {
        Path unbroken = runs.resolve("unbroken");
        FinetuneRun.execute(config(unbroken, 3, 3e-3f, false), new TrainingListener() {});

        Path broken = runs.resolve("broken");
        class Kill extends RuntimeException {}
        assertThrows(Kill.class, () -> FinetuneRun.execute(config(broken, 3, 3e-3f, false), new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, double loss, double imagesPerSecond) {
                if (epoch == 2 && step == 2) {
                    throw new Kill();
                }
            }
        }));
        FinetuneRun.execute(config(broken, 3, 3e-3f, true), new TrainingListener() {});
        assertEquals(Files.readString(unbroken.resolve("metrics.json")), Files.readString(broken.resolve("metrics.json")));
        assertEquals(Files.readString(unbroken.resolve("history.csv")).lines().map(FinetuneRunTest::withoutRates).toList(),
                Files.readString(broken.resolve("history.csv")).lines().map(FinetuneRunTest::withoutRates).toList());
    }

    @Test
    void oneCycle_resumesAfterAKillMidEpochToTheSameMetrics_andEndsAtLrOver1e5(@TempDir Path runs) throws Exception {
        Path unbroken = runs.resolve("unbroken");
        FinetuneRun.execute(config(unbroken, 3, 3e-3f, false, "", Schedule.ONECYCLE), new TrainingListener() {});
        Path broken = runs.resolve("broken");
        class Kill extends RuntimeException {}
        assertThrows(Kill.class, () -> FinetuneRun.execute(config(broken, 3, 3e-3f, false, "", Schedule.ONECYCLE), new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, double loss, double imagesPerSecond) {
                if (epoch == 2 && step == 2) {
                    throw new Kill();
                }
            }
        }));
        FinetuneRun.execute(config(broken, 3, 3e-3f, true, "", Schedule.ONECYCLE), new TrainingListener() {});
        assertEquals(Files.readString(unbroken.resolve("metrics.json")), Files.readString(broken.resolve("metrics.json")));
        List<String> history = Files.readString(unbroken.resolve("history.csv")).lines().map(FinetuneRunTest::withoutRates).toList();
        assertEquals(history, Files.readString(broken.resolve("history.csv")).lines().map(FinetuneRunTest::withoutRates).toList());
        // 72 training images in batches of 16 are 5 steps an epoch, 15 in all: the last epoch ends at lr / 1e5.
        assertTrue(history.get(3).contains(",3.00000e-08,"), history.get(3));
    }

    /** Drops the throughput and wall-time columns, which differ between runs. */
    private static String withoutRates(String csvLine) {
        String[] cells = csvLine.split(",");
        return String.join(",", java.util.Arrays.copyOf(cells, 10)) + "," + cells[12];
    }

    @Test
    void augmentedTraining_isReproducible_andResumesExactly(@TempDir Path runs) throws Exception {
        String augment = "hflip,rotate=15,rrc=0.7-1.0,jitter=0.2,mixup=0.2,cutmix=1.0";
        FinetuneRun.execute(config(runs.resolve("a"), 2, 3e-3f, false, augment), new TrainingListener() {});
        class Kill extends RuntimeException {}
        assertThrows(Kill.class, () -> FinetuneRun.execute(config(runs.resolve("b"), 2, 3e-3f, false, augment), new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, double loss, double imagesPerSecond) {
                if (epoch == 2 && step == 1) {
                    throw new Kill();
                }
            }
        }));
        FinetuneRun.execute(config(runs.resolve("b"), 2, 3e-3f, true, augment), new TrainingListener() {});
        FinetuneRun.execute(config(runs.resolve("plain"), 2, 3e-3f, false), new TrainingListener() {});
        List<String> a = Files.readString(runs.resolve("a/history.csv")).lines().map(FinetuneRunTest::withoutRates).toList();
        assertEquals(a, Files.readString(runs.resolve("b/history.csv")).lines().map(FinetuneRunTest::withoutRates).toList());
        assertTrue(!a.equals(Files.readString(runs.resolve("plain/history.csv")).lines().map(FinetuneRunTest::withoutRates).toList()),
                "augmentation changed training");
    }

    @Test
    void sameSeed_twoRunsGiveIdenticalHistories(@TempDir Path runs) throws Exception {
        FinetuneRun.execute(config(runs.resolve("a"), 2, 3e-3f, false), new TrainingListener() {});
        FinetuneRun.execute(config(runs.resolve("b"), 2, 3e-3f, false), new TrainingListener() {});
        assertEquals(Files.readString(runs.resolve("a/history.csv")).lines().map(FinetuneRunTest::withoutRates).toList(),
                Files.readString(runs.resolve("b/history.csv")).lines().map(FinetuneRunTest::withoutRates).toList());
    }

    @Test
    void divergingLearningRate_stopsWithAdviceToLowerIt(@TempDir Path out) {
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> FinetuneRun.execute(config(out, 3, 1e6f, false), new TrainingListener() {}));
        assertTrue(e.getMessage().contains("lower learning rate"), e.getMessage());
    }
}
