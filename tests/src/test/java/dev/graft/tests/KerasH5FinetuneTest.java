package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.model.HeadSpec;
import dev.graft.core.run.FinetuneConfig;
import dev.graft.core.train.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Keras-written {@code .h5} (tf.keras 2.2.4: DepthwiseConv2D, ZeroPadding2D, UpSampling2D,
 * Cropping2D and pooling on an RGB input, run at 16×16) end to end through fine-tuning, as
 * {@link BackboneFamiliesTest} takes each zoo family: rebuilt as the trunk and trained on ants vs
 * bees with nothing frozen (loss falls), killed in its second epoch and resumed to the unbroken
 * run's metrics, exported to ONNX with parity; the run keeps its own copy of the file.
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
        Path unbroken = BackboneFamiliesTest.trainsResumesAndExports("keras .h5", (out, resume) -> config(weights, out, resume), runs);
        assertTrue(Files.isRegularFile(unbroken.resolve("backbone-keras/cnn2d_101.h5")), "the run keeps its Keras backbone file");
    }
}
