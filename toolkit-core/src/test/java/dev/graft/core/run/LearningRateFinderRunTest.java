package dev.graft.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.graft.core.model.TransferModels;
import dev.graft.core.options.OptionValues;
import dev.graft.core.train.LearningRateCurve;
import dev.graft.core.train.Snapshots;
import dev.graft.core.train.TrainingListener;
import dev.graft.datasets.synthetic.SyntheticLesions;
import dev.graft.zoo.weights.TensorData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The learning-rate range test on small synthetic lesions, a frozen MobileNetV2 trunk cut early, and lr auto. */
class LearningRateFinderRunTest {

    @TempDir
    static Path data;

    private static Path manifest;

    @BeforeAll
    static void generate() throws Exception {
        manifest = new SyntheticLesions(96, 32, 1).generate(data);
    }

    private static OptionValues options(Path out, String lr) {
        return OptionValues.empty().with("data", manifest.toString()).with("arch", "mobilenet_v2").with("cut", "stage3")
                .with("freeze", "all").with("image-size", "32").with("val-fraction", "0.25").with("test-fraction", "0")
                .with("normalize", "train").with("device", "cpu").with("batch-size", "16").with("epochs", "3").with("patience", "0")
                .with("seed", "7").with("lr", lr).with("out", out.toString());
    }

    @Test
    void afterTheTest_everyWeightAndBatchNormStatisticIsBitIdentical_andTheFrozenPartTheSame(@TempDir Path out) throws Exception {
        // Only the stem frozen: the test trains BatchNorm layers in training mode, whose statistics must come back too.
        FinetuneConfig config = FinetuneOptions.config(options(out, "auto").with("freeze", "stage1").with("lr-find-steps", "20"));
        FinetuneRun.Prepared prepared = FinetuneRun.prepare(config, RunCache.none());
        List<String> classes = prepared.data().splits().train().classNames();
        try (NDManager manager = NDManager.newBaseManager(prepared.device(), "PyTorch")) {
            FinetuneRun.BuiltModel built = FinetuneRun.buildModel(config, prepared.architecture(), manager,
                    () -> TransferModels.build(prepared.architecture(), "stage3", config.head(), classes.size()));
            Map<String, TensorData> before = Snapshots.snapshot(built.model());
            LearningRateCurve curve = LearningRateFinderRun.find(config, built, prepared.data().train(), prepared.data().val(),
                    prepared.normalization(), manager, new float[] {1, 1}, null, null);
            Map<String, TensorData> after = Snapshots.snapshot(built.model());
            assertEquals(before.keySet(), after.keySet());
            assertTrue(before.keySet().stream().anyMatch(n -> n.endsWith("running_mean")), "BatchNorm statistics are compared");
            before.forEach((name, t) -> assertArrayEquals(t.values(), after.get(name).values(), name));
            assertEquals(built.frozen(), built.model().frozenModules());
            assertTrue(curve.points().size() >= 2 && Double.isFinite(curve.suggestion()), curve.toString());
        }
        List<String> csv = Files.readAllLines(out.resolve(LearningRateFinderRun.CSV));
        assertEquals("step,lr,loss,smoothed_loss", csv.get(0));
        assertTrue(csv.get(1).startsWith("0,1.000000e-07,"), csv.get(1));
        assertTrue(Files.readString(out.resolve(LearningRateFinderRun.SVG)).startsWith("<svg"));
    }

    @Test
    void lrAuto_recordsTheChosenRate_aRerunOfItsConfigAndAResumeAfterAKillGiveTheSameMetrics(@TempDir Path runs) throws Exception {
        Path auto = runs.resolve("auto");
        FinetuneRun.execute(FinetuneOptions.config(options(auto, "auto")), new TrainingListener() {});
        JsonNode saved = OptionValues.readTree(auto.resolve(RunFiles.CONFIG));
        assertTrue(saved.get("lr").isNumber(), "config.yaml records a number: " + saved.get("lr"));
        JsonNode found = RunFiles.JSON.readTree(auto.resolve("manifest.json").toFile()).get("lr_find");
        assertEquals(found.get("suggested_lr").asDouble(), saved.get("lr").asDouble(), 1e-9);
        assertTrue(Files.readString(auto.resolve("report.html")).contains("Learning-rate range test"));

        Path rerun = runs.resolve("rerun");
        FinetuneRun.execute(FinetuneOptions.config(OptionValues.of(saved, "config.yaml", FinetuneOptions.ALL).with("out", rerun.toString())),
                new TrainingListener() {});
        assertEquals(Files.readString(auto.resolve("metrics.json")), Files.readString(rerun.resolve("metrics.json")));

        Path broken = runs.resolve("broken");
        class Kill extends RuntimeException {}
        assertThrows(Kill.class, () -> FinetuneRun.execute(FinetuneOptions.config(options(broken, "auto")), new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, double loss, double imagesPerSecond) {
                if (epoch == 2 && step == 2) {
                    throw new Kill();
                }
            }
        }));
        FinetuneRun.execute(FinetuneOptions.config(options(broken, "auto").with("resume", "true")), new TrainingListener() {});
        assertEquals(Files.readString(auto.resolve("metrics.json")), Files.readString(broken.resolve("metrics.json")));
        assertEquals(saved.get("lr"), OptionValues.readTree(broken.resolve(RunFiles.CONFIG)).get("lr"));
    }
}
