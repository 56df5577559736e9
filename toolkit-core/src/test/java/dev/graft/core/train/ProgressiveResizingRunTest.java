package dev.graft.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.core.model.HeadSpec;
import dev.graft.core.run.FinetuneConfig;
import dev.graft.core.run.FinetuneRun;
import dev.graft.datasets.synthetic.SyntheticLesions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that train at two image sizes, or draw class-balanced, focal-loss, augmented batches, on
 * small synthetic lesions: each resumes after a kill to the metrics of an unbroken run.
 */
class ProgressiveResizingRunTest {

    @TempDir
    static Path data;

    private static Path manifest;

    @BeforeAll
    static void generate() throws Exception {
        manifest = new SyntheticLesions(48, 32, 3).generate(data);
    }

    /** A from-scratch MobileNetV2 cut at stage3 with stage2 frozen, so frozen features are cached per size. */
    private static FinetuneConfig config(Path out, boolean resume, TrainingOptions.Builder training) {
        return new FinetuneConfig(manifest, null, null, "mobilenet_v2", null, "stage3", "stage2", HeadSpec.LINEAR, 32, 0,
                "train", 0.25, 0.0, 0.0, Map.of(), null, 0, false, "cpu", out, resume,
                training.optBatchSize(16).optLearningRate(3e-3f).optTrunkLearningRateFactor(1f).optPatience(0).optSeed(7).build());
    }

    /** Runs unbroken, then killed at a step and resumed; returns the unbroken run's events. */
    private static List<String> unbrokenAndResumed(Path runs, TrainingOptions.Builder training, int killEpoch, int killStep)
            throws Exception {
        List<String> events = new ArrayList<>();
        FinetuneRun.execute(config(runs.resolve("unbroken"), false, training), new TrainingListener() {
            @Override
            public void onEvent(String message) {
                events.add(message);
            }
        });
        class Kill extends RuntimeException {}
        assertThrows(Kill.class, () -> FinetuneRun.execute(config(runs.resolve("broken"), false, training), new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, double loss, double imagesPerSecond) {
                if (epoch == killEpoch && step == killStep) {
                    throw new Kill();
                }
            }
        }));
        FinetuneRun.execute(config(runs.resolve("broken"), true, training), new TrainingListener() {});
        assertEquals(Files.readString(runs.resolve("unbroken/metrics.json")), Files.readString(runs.resolve("broken/metrics.json")));
        assertEquals(history(runs.resolve("unbroken")), history(runs.resolve("broken")));
        return events;
    }

    /** history.csv without the throughput and wall-time columns, which differ between runs. */
    private static List<String> history(Path run) throws Exception {
        return Files.readString(run.resolve("history.csv")).lines().map(line -> {
            String[] cells = line.split(",");
            return String.join(",", java.util.Arrays.copyOf(cells, 10)) + "," + cells[12];
        }).toList();
    }

    @Test
    void progressiveResizing_trainsAtBothSizes_andResumesAfterAKillAtTheSwitch_toTheSameMetrics(@TempDir Path runs) throws Exception {
        TrainingOptions.Builder training = TrainingOptions.builder().optEpochs(3).optProgressiveSizes(List.of(24), 2);
        List<String> events = unbrokenAndResumed(runs, training, 3, 1);
        assertEquals(List.of("epoch 1: training at 24 px (validation at 32 px)", "epoch 3: training at 32 px (validation at 32 px)"),
                events.stream().filter(e -> e.contains(" px ")).toList());
        List<String> sameSize = new ArrayList<>();
        FinetuneRun.execute(config(runs.resolve("one-size"), false, TrainingOptions.builder().optEpochs(3)), new TrainingListener() {
            @Override
            public void onEpoch(EpochResult result, boolean improved) {
                sameSize.add(String.valueOf(result.trainLoss()));
            }
        });
        List<String> progressive = history(runs.resolve("unbroken"));
        assertEquals(4, progressive.size(), "header and 3 epochs");
        org.junit.jupiter.api.Assertions.assertNotEquals(history(runs.resolve("one-size")).subList(1, 3), progressive.subList(1, 3),
                "the first two epochs trained on other pixels");
    }

    @Test
    void balancedFocalAugmentedRun_resumesAfterAKill_toTheSameMetrics(@TempDir Path runs) throws Exception {
        TrainingOptions.Builder training = TrainingOptions.builder().optEpochs(2).optSampler(Sampler.BALANCED).optLoss(LossKind.FOCAL)
                .optFocalGamma(2f).optAugment("hflip,rotate=10,mixup=0.2");
        unbrokenAndResumed(runs, training, 2, 2);
    }
}
