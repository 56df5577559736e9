package dev.graft.zoo.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerasWeightsWriterTest {

    @Test
    void assetModels_roundTripBitIdenticalThroughSaveWeightsLayout(@TempDir Path dir) throws Exception {
        for (String asset : List.of("keras_h5_layers/fullconfigs/cnn/cnn_batch_norm.h5", "keras_h5_layers/examples/12net.h5",
                "keras_h5_layers/examples/simple_lstm/simple_lstm_tf_keras_1_model.h5", "tfjs_mobilenet_v2_nsfw/model.json")) {
            KerasModelFile source = KerasFiles.read(KerasAssets.require(asset));
            Path written = dir.resolve(Path.of(asset).getFileName() + ".weights.h5");
            KerasWeightsWriter.write(written, source);
            KerasModelFile back = KerasFiles.read(written);
            assertEquals("h5-weights", back.format());
            assertSameWeights(source.weightsByLayer(), back.weightsByLayer(), asset);
            try (Stream<Path> files = Files.list(dir)) {
                assertFalse(files.anyMatch(p -> p.toString().endsWith(".part")), "no partial file left");
            }
            System.out.printf("%s: %d weights round-trip (%d bytes)%n", asset, back.weightCount(), Files.size(written));
        }
    }

    @Test
    void nestedModelLayers_areKeyedByInnerNameAndTwinsByFullPath(@TempDir Path dir) throws Exception {
        Map<String, List<KerasWeight>> layers = new LinkedHashMap<>();
        layers.put("dense", List.of(weight("kernel", 1f, 2f), weight("bias", 3f)));
        layers.put("backbone/conv", List.of(weight("kernel", 4f)));
        layers.put("backbone/dense", List.of(weight("kernel", 5f, 6f)));
        Path file = dir.resolve("nested.h5");
        KerasWeightsWriter.write(file, layers, null);
        KerasModelFile back = KerasFiles.read(file);
        assertEquals(List.of("dense", "conv", "backbone/dense"), List.copyOf(back.weightsByLayer().keySet()));
        assertEquals("/backbone/conv/kernel:0", back.weightsByLayer().get("conv").get(0).path());
        assertArrayEquals(new float[] {5f, 6f}, back.weightsByLayer().get("backbone/dense").get(0).values());
        assertEquals(KerasWeightsWriter.DEFAULT_KERAS_VERSION, back.kerasVersion());
    }

    @Test
    void keras1BatchNorm_runningStdBecomesMovingVarianceAndFloat64IsCast(@TempDir Path dir) throws Exception {
        double[] std = {0.5, 2.0, 1e-3};
        for (String version : List.of("1.0.5", "1.2.2")) {
            Path file = dir.resolve("bn" + version + ".h5");
            try (WritableHdfFile hdf = HdfFile.write(file)) {
                hdf.putAttribute("keras_version", version);
                hdf.putAttribute("layer_names", new String[] {"bn"});
                WritableGroup bn = hdf.putGroup("bn");
                bn.putAttribute("weight_names", new String[] {"bn_gamma:0", "bn_beta:0", "bn_running_mean:0", "bn_running_std:0"});
                bn.putDataset("bn_gamma:0", new double[] {1.5, 1, 1});
                bn.putDataset("bn_beta:0", new double[] {0, 0.25, 0});
                bn.putDataset("bn_running_mean:0", new double[] {0.1, 0.2, 0.3});
                bn.putDataset("bn_running_std:0", std);
            }
            KerasModelFile model = KerasFiles.read(file);
            List<KerasWeight> weights = model.weightsByLayer().get("bn");
            assertEquals(List.of("gamma", "beta", "moving_mean", "moving_variance"), weights.stream().map(KerasWeight::name).toList());
            assertArrayEquals(new float[] {1.5f, 1f, 1f}, weights.get(0).values());
            float[] expected = new float[std.length];
            for (int i = 0; i < std.length; i++) {
                // Keras <= 1.0.5: y = (x - mean) / (std + eps); Keras 2: (x - mean) / sqrt(var + eps), eps = 1e-6.
                // The float64 data is cast to float32 on reading, then converted in double precision.
                double stored = (float) std[i];
                expected[i] = version.equals("1.0.5") ? (float) ((stored + 1e-6) * (stored + 1e-6) - 1e-6) : (float) stored;
            }
            assertArrayEquals(expected, weights.get(3).values(), version);
        }
    }

    static KerasWeight weight(String name, float... values) {
        return new KerasWeight(name, name, new long[] {values.length}, values);
    }

    static void assertSameWeights(Map<String, List<KerasWeight>> expected, Map<String, List<KerasWeight>> actual, String what) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), what);
        for (Map.Entry<String, List<KerasWeight>> layer : expected.entrySet()) {
            List<KerasWeight> other = actual.get(layer.getKey());
            assertEquals(layer.getValue().size(), other.size(), what + " " + layer.getKey());
            for (int i = 0; i < other.size(); i++) {
                KerasWeight a = layer.getValue().get(i);
                KerasWeight b = other.get(i);
                assertEquals(a.name(), b.name(), what + " " + a.path());
                assertArrayEquals(a.shape(), b.shape(), what + " " + a.path());
                assertArrayEquals(a.values(), b.values(), what + " " + a.path());
            }
        }
    }
}
