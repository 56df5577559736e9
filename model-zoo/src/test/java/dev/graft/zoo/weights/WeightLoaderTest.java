package dev.graft.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.graft.zoo.arch.Networks;
import dev.graft.zoo.arch.SqueezeNet;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.nn.TorchNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WeightLoaderTest {

    private NDManager manager;
    private NamedSequential net;

    @BeforeEach
    void buildSqueezeNetWithTenClasses() {
        manager = NDManager.newBaseManager("PyTorch");
        net = new SqueezeNet().build(10);
        Networks.initialize(net, manager, 1, 64);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** A state dict matching a network exactly, with random values. */
    private static Map<String, TensorData> matching(NamedSequential net) {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        Random random = new Random(1);
        TorchNames.of(net).forEach((name, p) -> {
            long[] shape = p.getArray().getShape().getShape();
            float[] values = new float[(int) p.getArray().getShape().size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextFloat();
            }
            tensors.put(name, new TensorData(shape, values));
        });
        return tensors;
    }

    @Test
    void load_exactMatch_copiesEveryTensorByName() throws Exception {
        Map<String, TensorData> tensors = matching(net);
        ImportReport report = WeightLoader.load(net, new StateDict("mem", tensors, true));
        assertEquals("by name", report.matching());
        assertEquals(52, report.loaded());
        Parameter p = TorchNames.of(net).get("features.3.squeeze.weight");
        assertArrayEquals(tensors.get("features.3.squeeze.weight").values(), p.getArray().toFloatArray());
    }

    @Test
    void load_shapeMismatch_namesTensorAndLoadsNothing() throws Exception {
        float[] before = TorchNames.of(net).get("features.0.weight").getArray().toFloatArray();
        Map<String, TensorData> tensors = matching(net);
        tensors.put("classifier.1.weight", new TensorData(new long[] {1000, 512, 1, 1}, new float[512_000]));
        WeightImportException e =
                assertThrows(WeightImportException.class, () -> WeightLoader.load(net, new StateDict("r.safetensors", tensors, true)));
        assertTrue(e.getMessage().contains("classifier.1.weight is [1000, 512, 1, 1] in r.safetensors, the network wants [10, 512, 1, 1]"), e.getMessage());
        assertArrayEquals(before, TorchNames.of(net).get("features.0.weight").getArray().toFloatArray(), "half-loaded");
    }

    @Test
    void load_missingAndUnexpected_areListedByName() throws Exception {
        Map<String, TensorData> tensors = matching(net);
        TensorData bias = tensors.remove("features.12.expand3x3.bias");
        tensors.put("features.12.expand3x3.bias_renamed", bias);
        WeightImportException e =
                assertThrows(WeightImportException.class, () -> WeightLoader.load(net, new StateDict("w.pth", tensors, true)));
        assertTrue(e.getMessage().contains("missing from the file (1): features.12.expand3x3.bias"), e.getMessage());
        assertTrue(e.getMessage().contains("in the file but not in the network (1): features.12.expand3x3.bias_renamed"), e.getMessage());
    }

    @Test
    void load_generatedNames_matchByGraphOrder() throws Exception {
        Map<String, TensorData> renamed = new LinkedHashMap<>();
        int i = 0;
        for (TensorData t : matching(net).values()) {
            renamed.put("onnx::Conv_" + i++, t);
        }
        ImportReport report = WeightLoader.load(net, new StateDict("m.onnx", renamed, true));
        assertEquals("by graph order", report.matching());
        assertArrayEquals(
                renamed.get("onnx::Conv_0").values(),
                TorchNames.of(net).get("features.0.weight").getArray().toFloatArray());
    }

    @Test
    void load_skippedClassifier_isNeitherRequiredNorLoaded() throws Exception {
        Map<String, TensorData> tensors = matching(net);
        tensors.put("classifier.1.weight", new TensorData(new long[] {1000, 512, 1, 1}, new float[512_000]));
        tensors.put("classifier.1.bias", new TensorData(new long[] {1000}, new float[1000]));
        ImportReport report = WeightLoader.load(net, new StateDict("w.pth", tensors, true), Set.of("classifier"));
        assertEquals(50, report.loaded());
        assertTrue(report.ignored().contains("classifier.1.weight"));
    }
}
