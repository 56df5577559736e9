package dev.graft.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.graft.core.data.CachedSplit;
import dev.graft.core.model.HeadSpec;
import dev.graft.core.model.TransferModel;
import dev.graft.core.model.TransferModels;
import dev.graft.datasets.image.Normalization;
import dev.graft.zoo.arch.ResNet;
import dev.graft.zoo.nn.TorchNames;
import dev.graft.zoo.weights.TensorData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic of the weight averages on a small ResNet cut after layer1 (16 px) with its stem
 * conv frozen: the EMA against a hand computation, the swap for validation, the SWA mean of the
 * epoch snapshots and its recomputed BatchNorm statistics.
 */
class WeightAveragingTest {

    private static final int SIDE = 16;

    private static TransferModel model(NDManager manager) {
        Engine.getEngine("PyTorch").setRandomSeed(5);
        TransferModel model = TransferModels.build(ResNet.resnet18(), "layer1", HeadSpec.LINEAR, 2);
        TransferModels.initialize(model, manager, SIDE);
        model.freezeFirst(1);
        return model;
    }

    /** Gives every tracked tensor new random values, as a step or an epoch would, and returns them. */
    private static Map<String, float[]> move(Map<String, Parameter> tracked, Random random) {
        Map<String, float[]> values = new LinkedHashMap<>();
        tracked.forEach((name, p) -> {
            float[] v = new float[(int) p.getArray().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextGaussian();
            }
            p.getArray().set(v);
            values.put(name, v);
        });
        return values;
    }

    @Test
    void ema_equalsTheHandComputedAverage_overThreeSteps_withWarmupThenDecay() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TransferModel model = model(manager);
            TrainingOptions options = TrainingOptions.builder().optEma(0.2f).build();
            TrainingSetup setup = new TrainingSetup(model, 1, null, null, Normalization.IMAGENET, manager, null, false);
            float[] stem = model.getChildren().get("conv1").getParameters().get("weight").getArray().toFloatArray();
            Map<String, Parameter> tracked = WeightAveraging.tracked(model, 1, true);
            assertTrue(tracked.containsKey("bn1.running_mean") && tracked.containsKey("layer1.1.bn2.running_var")
                    && tracked.containsKey("head.1.weight"), "the trainable part, BatchNorm statistics included: " + tracked.keySet());
            assertFalse(tracked.containsKey("conv1.weight"), "the frozen stem is left out");
            Map<String, float[]> expected = new LinkedHashMap<>();
            tracked.forEach((name, p) -> expected.put(name, p.getArray().toFloatArray()));
            Random random = new Random(1);
            try (WeightAveraging ema = new WeightAveraging(options, setup)) {
                Map<String, float[]> raw = null;
                for (int t = 0; t < 3; t++) {
                    raw = move(tracked, random);
                    // decay min(0.2, (1+t)/(10+t)): 0.1, 2/11, then 0.2 (the warm-up ends)
                    float w = (float) (1 - Math.min(0.2, (1.0 + t) / (10.0 + t)));
                    for (Map.Entry<String, float[]> e : expected.entrySet()) {
                        float[] a = e.getValue();
                        float[] theta = raw.get(e.getKey());
                        for (int i = 0; i < a.length; i++) {
                            a[i] = a[i] + w * (theta[i] - a[i]);
                        }
                    }
                    ema.onStep(1, t + 1, 0, 0);
                }
                Map<String, TensorData> state = ema.saveState();
                assertEquals(3f, state.get("ema#count").values()[0]);
                for (Map.Entry<String, float[]> e : expected.entrySet()) {
                    assertArrayEquals(e.getValue(), state.get("ema/" + e.getKey()).values(), 0f, e.getKey());
                }
                Map<String, float[]> finalRaw = raw;
                boolean swapped = ema.evaluated(() -> expected.entrySet().stream()
                        .allMatch(e -> java.util.Arrays.equals(e.getValue(), tracked.get(e.getKey()).getArray().toFloatArray())));
                assertTrue(swapped, "validation sees the EMA");
                finalRaw.forEach((name, v) -> assertArrayEquals(v, tracked.get(name).getArray().toFloatArray(), 0f,
                        name + " is raw again after validation"));
                Map<String, TensorData> selectable = ema.selectable(Snapshots.snapshot(model));
                assertArrayEquals(expected.get("head.1.weight"), selectable.get("head.1.weight").values(), 0f);
                assertArrayEquals(stem, selectable.get("conv1.weight").values(), 0f);
                ema.finish(null);
                expected.forEach((name, v) -> assertArrayEquals(v, tracked.get(name).getArray().toFloatArray(), 0f,
                        name + " holds the EMA at the end"));
            }
            assertArrayEquals(stem, model.getChildren().get("conv1").getParameters().get("weight").getArray().toFloatArray(), 0f);
        }
    }

    @Test
    void swa_isTheMeanOfTheLastEpochsWeights_andBatchNormStatisticsAreTheMeanOfTheBatches() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TransferModel model = model(manager);
            CachedSplit train = RandomSplit.of(20, SIDE, 3);
            TrainingOptions options = TrainingOptions.builder().optEpochs(3).optSwaEpochs(2).optBatchSize(8).build();
            TrainingSetup setup = new TrainingSetup(model, 1, train, train, Normalization.IMAGENET, manager, null, false);
            Map<String, Parameter> tracked = WeightAveraging.tracked(model, 1, false);
            assertFalse(tracked.containsKey("bn1.running_mean"), "SWA averages parameters; statistics are recomputed");
            Random random = new Random(2);
            List<Map<String, float[]>> snapshots = new ArrayList<>();
            try (WeightAveraging swa = new WeightAveraging(options, setup);
                    FeatureCache cache = FeatureCache.build(model, train, train, Normalization.IMAGENET, manager, 8, Long.MAX_VALUE, null,
                            null, true)) {
                for (int epoch = 1; epoch <= 3; epoch++) {
                    snapshots.add(move(tracked, random));
                    swa.onEpochEnd(new EpochEnd(new EpochResult(epoch, 0, 0, null, 0, 0, 0, 1, null), false, null, null, null,
                            new EpochEnd.StopRequest()));
                }
                assertEquals(2f, swa.saveState().get("swa#count").values()[0], "epochs 2 and 3");
                String said = swa.finish(cache);
                assertTrue(said.contains("epochs 2-3") && said.contains("over 20 training images"), said);
                tracked.forEach((name, p) -> {
                    float[] got = p.getArray().toFloatArray();
                    for (int i = 0; i < got.length; i++) {
                        float mean = (snapshots.get(1).get(name)[i] + snapshots.get(2).get(name)[i]) / 2;
                        assertEquals(mean, got[i], 1e-6f * Math.max(1, Math.abs(mean)), name + "[" + i + "]");
                    }
                });
                // bn1 sees the frozen stem's output: its statistics are the mean over the batches
                // {0-7, 8-15, 16-19} of each batch's per-channel mean and unbiased variance.
                float[][] features = stemOutput(model, train, manager);
                int channels = 64;
                int plane = features[0].length / channels;
                int[][] batches = {{0, 8}, {8, 16}, {16, 20}};
                double[] mean = new double[channels];
                double[] variance = new double[channels];
                for (int[] b : batches) {
                    for (int c = 0; c < channels; c++) {
                        double sum = 0;
                        double squares = 0;
                        int n = (b[1] - b[0]) * plane;
                        for (int i = b[0]; i < b[1]; i++) {
                            for (int k = 0; k < plane; k++) {
                                double x = features[i][c * plane + k];
                                sum += x;
                                squares += x * x;
                            }
                        }
                        double m = sum / n;
                        mean[c] += m / batches.length;
                        variance[c] += (squares - n * m * m) / (n - 1) / batches.length;
                    }
                }
                Map<String, Parameter> all = TorchNames.of(model);
                float[] runningMean = all.get("bn1.running_mean").getArray().toFloatArray();
                float[] runningVar = all.get("bn1.running_var").getArray().toFloatArray();
                for (int c = 0; c < channels; c++) {
                    assertEquals(mean[c], runningMean[c], 1e-5 * Math.max(1, Math.abs(mean[c])), "running_mean[" + c + "]");
                    assertEquals(variance[c], runningVar[c], 1e-4 * Math.max(1, variance[c]), "running_var[" + c + "]");
                }
            }
        }
    }

    @Test
    void options_refuseEmaWithSwa_andMoreSwaEpochsThanEpochs() {
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> TrainingOptions.builder().optEma(0.999f).optSwaEpochs(2).build());
        assertTrue(both.getMessage().contains("cannot be combined"), both.getMessage());
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> TrainingOptions.builder().optEpochs(3).optSwaEpochs(4).build());
        assertEquals("swa-epochs must be at most epochs (3), got 4.", tooMany.getMessage());
        IllegalArgumentException decay = assertThrows(IllegalArgumentException.class, () -> TrainingOptions.builder().optEma(1f).build());
        assertTrue(decay.getMessage().contains("ema"), decay.getMessage());
    }

    private static float[][] stemOutput(TransferModel model, CachedSplit split, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            int[] all = java.util.stream.IntStream.range(0, split.size()).toArray();
            float[] flat = model.forwardFrozen(new ParameterStore(scope, false),
                    new NDList(split.batch(scope, all, Normalization.IMAGENET))).singletonOrThrow().toFloatArray();
            int per = flat.length / split.size();
            float[][] out = new float[split.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = java.util.Arrays.copyOfRange(flat, i * per, (i + 1) * per);
            }
            return out;
        }
    }
}
