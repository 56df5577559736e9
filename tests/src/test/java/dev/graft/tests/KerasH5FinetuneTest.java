package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.export.RunExport;
import dev.graft.core.model.HeadSpec;
import dev.graft.core.run.FinetuneConfig;
import dev.graft.core.run.FinetuneRun;
import dev.graft.core.train.EpochResult;
import dev.graft.core.train.TrainingListener;
import dev.graft.core.train.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Keras-written {@code .h5} (tf.keras 2.2.4: DepthwiseConv2D, ZeroPadding2D, UpSampling2D,
 * Cropping2D, pooling on an RGB input, run at 16×16) end to end through fine-tuning: rebuilt as the trunk, trained on ants vs bees
 * with nothing frozen (loss falls), killed in its second epoch and resumed to the same metrics as
 * the unbroken run, then exported to ONNX with parity.
 */
class KerasH5FinetuneTest {

    private static FinetuneConfig config(Path weights, Path out, boolean resume) {
        TrainingOptions training = TrainingOptions.builder().optEpochs(2).optBatchSize(16).optLearningRate(1e-2f)
                .optTrunkLearningRateFactor(1f).optPatience(0).optSeed(5).build();
        return new FinetuneConfig(SharedAssets.require("datasets/hymenoptera"), null, null, "keras", weights.toString(), "pool", "none",
                HeadSpec.LINEAR, 16, 0, "imagenet", 0.2, 0.0, 0.0, Map.of(), null, 0, false, "cpu", out, resume, training);
    }

    @Test
    void kerasH5_finetunesResumesAfterAKillAndExports(@TempDir Path runs) throws Exception {
        Path weights = SharedAssets.require("keras/keras_h5_layers/tfkeras/cnn2d_101.h5");
        Path unbroken = runs.resolve("unbroken");
        List<EpochResult> history = new ArrayList<>();
        FinetuneRun.execute(config(weights, unbroken, false), new TrainingListener() {
            @Override
            public void onEpoch(EpochResult result, boolean improved) {
                history.add(result);
            }
        });
        assertEquals(2, history.size());
        assertTrue(history.get(1).trainLoss() < history.get(0).trainLoss(),
                "train loss " + history.get(0).trainLoss() + " -> " + history.get(1).trainLoss());
        assertTrue(Files.isRegularFile(unbroken.resolve("backbone-keras/cnn2d_101.h5")), "the run keeps its Keras backbone file");

        Path broken = runs.resolve("broken");
        class Kill extends RuntimeException {}
        assertThrows(Kill.class, () -> FinetuneRun.execute(config(weights, broken, false), new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, double loss, double imagesPerSecond) {
                if (epoch == 2 && step == 2) {
                    throw new Kill();
                }
            }
        }));
        FinetuneRun.execute(config(weights, broken, true), new TrainingListener() {});
        assertEquals(Files.readString(unbroken.resolve("metrics.json")), Files.readString(broken.resolve("metrics.json")),
                "a resumed Keras run ends where the unbroken one does");

        RunExport.Result exported = RunExport.export(unbroken, unbroken.resolve("model.onnx"), 17, false);
        assertTrue(exported.maxAbsDifference() <= RunExport.TOLERANCE, "ONNX parity: " + exported.maxAbsDifference());
    }
}
