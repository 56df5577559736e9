package dev.graft.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graft.core.model.HeadSpec;
import dev.graft.core.multitask.MultiTaskSpec;
import dev.graft.core.multitask.TaskSpec;
import dev.graft.core.options.OptionValues;
import dev.graft.core.train.TrainingOptions;
import java.nio.file.Path;
import dev.graft.core.train.LossKind;
import dev.graft.core.train.Sampler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sampler, loss, focal gamma and progressive image sizes through the options declared once. */
class ImbalanceResizeOptionsTest {

    private static OptionValues base() {
        return OptionValues.empty().with("data", "/tmp/imbalance/data.csv").with("arch", "resnet18").with("out", "/tmp/imbalance/run");
    }

    private static FinetuneConfig roundTrip(FinetuneConfig config) throws Exception {
        JsonNode yaml = RunFiles.YAML.readTree(RunFiles.YAML.writeValueAsString(FinetuneOptions.values(config)));
        return FinetuneOptions.config(OptionValues.of(yaml, "config.yaml", FinetuneOptions.ALL).with("out", "/tmp/imbalance/run"));
    }

    @Test
    void defaults_areShufflingCrossEntropyAndOneSize_savedExplicitly() throws Exception {
        FinetuneConfig config = FinetuneOptions.config(base().with("image-size", "32"));
        assertEquals(Sampler.RANDOM, config.training().sampler());
        assertEquals(LossKind.CROSS_ENTROPY, config.training().loss());
        assertEquals(List.of(), config.training().progressiveSizes());
        Map<String, Object> saved = FinetuneOptions.values(config);
        assertEquals(new java.math.BigDecimal(32), saved.get("image-size"), "one size stays a number in config.yaml");
        assertEquals("random", saved.get("sampler"));
        assertEquals("cross_entropy", saved.get("loss"));
        assertEquals("2", saved.get("focal-gamma").toString());
        assertEquals("0", saved.get("resize-epochs").toString());
        assertEquals(config.training(), roundTrip(config).training());
    }

    @Test
    void progressiveSizes_balancedSamplerAndFocalLoss_surviveTheSavedConfig() throws Exception {
        FinetuneConfig config = FinetuneOptions.config(base().with("image-size", "64, 96").with("resize-epochs", "2")
                .with("sampler", "balanced").with("loss", "cross-entropy").with("loss", "focal").with("focal-gamma", "1.5"));
        assertEquals(96, config.imageSize(), "the last size is the model's");
        assertEquals(List.of(64), config.training().progressiveSizes());
        assertEquals(2, config.training().resizeEpochs());
        assertEquals(Sampler.BALANCED, config.training().sampler());
        assertEquals(LossKind.FOCAL, config.training().loss());
        assertEquals(1.5f, config.training().focalGamma());
        assertEquals("64,96", FinetuneOptions.values(config).get("image-size"));
        FinetuneConfig back = roundTrip(config);
        assertEquals(config.training(), back.training());
        assertEquals(96, back.imageSize());
        assertEquals(LossKind.CROSS_ENTROPY, FinetuneOptions.config(base().with("loss", "cross-entropy")).training().loss(),
                "cross-entropy is read as cross_entropy");
    }

    @Test
    void javaBuilder_setsTheSameOptions() {
        FinetuneConfig config = dev.graft.core.finetune.FineTuning.builder().setData(Path.of("/tmp/imbalance/data.csv"))
                .setArchitecture("resnet18").optOut(Path.of("/tmp/imbalance/run")).optImageSizes(64, 96).optResizeEpochs(2)
                .optSampler("balanced").optLoss("focal").optFocalGamma(1).build().config();
        assertEquals(96, config.imageSize());
        assertEquals(List.of(64), config.training().progressiveSizes());
        assertEquals(2, config.training().resizeEpochs());
        assertEquals(Sampler.BALANCED, config.training().sampler());
        assertEquals(LossKind.FOCAL, config.training().loss());
        assertEquals(1f, config.training().focalGamma());
    }

    @Test
    void inconsistentResizingAndMultiTaskRuns_areRefusedInOneLine() {
        assertEquals("resize-epochs applies to progressive resizing; give image-size several sides, e.g. 128,224, or leave resize-epochs out.",
                refusal(base().with("image-size", "64").with("resize-epochs", "2")));
        assertEquals("image-size with several sides trains at each before the last: give resize-epochs N, the epochs at each"
                + " (e.g. image-size 128,224 resize-epochs 3).", refusal(base().with("image-size", "64,96")));
        assertEquals("resize-epochs 5 x 1 earlier image sizes leaves no epoch at the last size; use fewer, or more epochs (now 5).",
                refusal(base().with("image-size", "64,96").with("resize-epochs", "5").with("epochs", "5")));
        assertEquals("image-size must be in [16, 1024], got 8,96.", refusal(base().with("image-size", "8,96").with("resize-epochs", "1")));
        assertEquals("unknown sampler 'even'; use one of [random, balanced].", refusal(base().with("sampler", "even")));
        assertEquals("focal-gamma must be in [0, 10], got -1.", refusal(base().with("focal-gamma", "-1")));
        MultiTaskSpec tasks = new MultiTaskSpec(List.of(new TaskSpec("diagnosis", "label", "binary", "main", 1),
                new TaskSpec("asymmetry", "asymmetry", "multiclass", "auxiliary", 1)), "hard", null, null, 0.01, "fixed");
        assertEquals("sampler balanced balances the classes of the single label task and does not apply with tasks (multi-task runs);"
                + " leave it out.", multiTask(TrainingOptions.builder().optSampler(Sampler.BALANCED), tasks));
        assertEquals("loss focal replaces the single task's cross-entropy and does not apply with tasks (multi-task runs); leave it out.",
                multiTask(TrainingOptions.builder().optLoss(LossKind.FOCAL), tasks));
        assertEquals("progressive resizing (image-size with several sides) does not apply with tasks (multi-task runs); leave it out.",
                multiTask(TrainingOptions.builder().optEpochs(3).optProgressiveSizes(List.of(24), 1), tasks));
    }

    private static String multiTask(TrainingOptions.Builder training, MultiTaskSpec tasks) {
        return assertThrows(IllegalArgumentException.class, () -> new FinetuneConfig(Path.of("data.csv"), null, null, "mobilenet_v2", null,
                "stage3", "none", HeadSpec.LINEAR, 32, 0, "train", 0.25, 0.0, 0.0, Map.of(), null, 0, false, "cpu", Path.of("out"), false,
                training.build(), tasks)).getMessage();
    }

    private static String refusal(OptionValues values) {
        return assertThrows(IllegalArgumentException.class, () -> FinetuneOptions.config(values)).getMessage();
    }
}
