package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import dev.graft.zoo.arch.Architecture;
import dev.graft.zoo.arch.ArchitectureRegistry;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.weights.SafetensorsReader;
import dev.graft.zoo.weights.StateDict;
import dev.graft.zoo.weights.TensorData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What every backbone family must do on real images: cut at an inner stage with an earlier stage
 * frozen, train on ants vs bees (loss falls), keep every frozen tensor — BatchNorm statistics
 * included — bit-identical to the imported weights, resume after a kill to the same metrics, and
 * export to ONNX with parity. One row per family, with the shared torchvision-named weights.
 */
class BackboneFamiliesTest {

    private static FinetuneConfig config(String arch, Path weights, String cut, String freeze, int side, Path out, boolean resume) {
        TrainingOptions training = TrainingOptions.builder().optEpochs(2).optBatchSize(16).optLearningRate(1e-3f)
                .optTrunkLearningRateFactor(1f).optPatience(0).optSeed(5).build();
        return new FinetuneConfig(SharedAssets.require("datasets/hymenoptera"), null, null, arch, weights.toString(), cut, freeze,
                HeadSpec.LINEAR, side, 0, "imagenet", 0.2, 0.0, 0.0, Map.of(), null, 0, false, "cpu", out, resume, training);
    }

    @ParameterizedTest(name = "{0} cut at {2}, frozen to {3}")
    @CsvSource({"mobilenet_v2, weights/mobilenet_v2/weights.safetensors, stage4, stage2, 64",
        "convnext_small_config, parity/convnext_small_config/weights.safetensors, stage3, stage2, 64",
        "vit_small_config, parity/vit_small_config/weights.safetensors, encoder_layer_1, encoder_layer_0, 64",
        "efficientnet_b0, parity/efficientnet_b0/weights.safetensors, stage5, stage3, 64",
        "mobilenet_v3_large, parity/mobilenet_v3_large/weights.safetensors, stage5, stage3, 64",
        "densenet121, parity/densenet121/weights.safetensors, block2, block1, 64"})
    void innerCut_trainsKeepsFrozenTensorsResumesAndExports(String arch, String weightsFile, String cut, String freeze, int side,
            @TempDir Path runs) throws Exception {
        Path weights = SharedAssets.require(weightsFile);
        Path unbroken = trainsResumesAndExports(arch, (out, resume) -> config(arch, weights, cut, freeze, side, out, resume), runs);
        assertFrozenTensorsUnchanged(arch, freeze, weights, unbroken.resolve("model.safetensors"));
    }

    /**
     * Trains a run of two epochs (train loss falls), trains it again killed at the second step
     * of epoch 2 and resumed (it must end with the unbroken run's metrics.json byte for byte),
     * and exports the unbroken run to ONNX within {@link RunExport#TOLERANCE}.
     *
     * @param what the network, for messages
     * @param config the run's configuration for a run directory and whether it resumes
     * @param runs the folder of the two runs
     * @return the unbroken run's directory
     */
    static Path trainsResumesAndExports(String what, BiFunction<Path, Boolean, FinetuneConfig> config, Path runs) throws Exception {
        Path unbroken = runs.resolve("unbroken");
        List<EpochResult> history = new ArrayList<>();
        FinetuneRun.execute(config.apply(unbroken, false), new TrainingListener() {
            @Override
            public void onEpoch(EpochResult result, boolean improved) {
                history.add(result);
            }
        });
        assertEquals(2, history.size());
        assertTrue(history.get(1).trainLoss() < history.get(0).trainLoss(),
                what + ": train loss " + history.get(0).trainLoss() + " -> " + history.get(1).trainLoss());

        Path broken = runs.resolve("broken");
        class Kill extends RuntimeException {}
        assertThrows(Kill.class, () -> FinetuneRun.execute(config.apply(broken, false), new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, double loss, double imagesPerSecond) {
                if (epoch == 2 && step == 2) {
                    throw new Kill();
                }
            }
        }));
        FinetuneRun.execute(config.apply(broken, true), new TrainingListener() {});
        assertEquals(Files.readString(unbroken.resolve("metrics.json")), Files.readString(broken.resolve("metrics.json")),
                what + ": a resumed run ends where the unbroken one does");

        RunExport.Result exported = RunExport.export(unbroken, unbroken.resolve("model.onnx"), 17, false);
        assertTrue(exported.maxAbsDifference() <= RunExport.TOLERANCE, what + " ONNX parity: " + exported.maxAbsDifference());
        return unbroken;
    }

    /**
     * Every imported tensor of a module up to the freeze point (weights, biases and BatchNorm
     * statistics) is bit-identical after training, and some later trunk tensor did train.
     */
    private static void assertFrozenTensorsUnchanged(String arch, String freeze, Path weights, Path trained) throws Exception {
        Architecture architecture = ArchitectureRegistry.REGISTRY.get(arch);
        NamedSequential net = architecture.build(2);
        List<String> modules = net.names();
        int last = modules.indexOf(architecture.spec().cut(freeze).module());
        List<String> frozen = modules.subList(0, last + 1);
        StateDict source = new SafetensorsReader().read(weights);
        StateDict after = new SafetensorsReader().read(trained);
        int compared = 0;
        int trainedTrunk = 0;
        for (Map.Entry<String, TensorData> entry : after.tensors().entrySet()) {
            TensorData original = source.tensors().get(entry.getKey());
            if (original == null || entry.getKey().endsWith("num_batches_tracked")) {
                continue;
            }
            if (frozen.stream().anyMatch(m -> entry.getKey().startsWith(m + ".") || entry.getKey().equals(m))) {
                assertArrayEquals(original.values(), entry.getValue().values(), arch + ": frozen " + entry.getKey() + " changed");
                compared++;
            } else if (!Arrays.equals(original.values(), entry.getValue().values())) {
                trainedTrunk++;
            }
        }
        assertTrue(compared > 0, arch + ": no frozen tensor compared (freeze at " + freeze + ")");
        assertTrue(trainedTrunk > 0, arch + ": no trunk tensor after the freeze point trained");
    }
}
