package dev.graft.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.graft.zoo.arch.Architecture;
import dev.graft.zoo.arch.ArchitectureRegistry;
import dev.graft.zoo.arch.Networks;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.nn.TorchNames;
import dev.graft.zoo.weights.ImportReport;
import dev.graft.zoo.weights.StateDict;
import dev.graft.zoo.weights.TensorData;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ConvNeXt's classifier starts with a pretrained LayerNorm: a model cut at {@code pool} keeps and
 * imports it ({@code classifier.0}), and only the final Linear ({@code classifier.2}) is replaced.
 */
class ClassifierNormTest {

    @Test
    void convnextPoolCut_importsTheClassifierLayerNorm_andReplacesOnlyTheLinear() throws Exception {
        Architecture convnext = ArchitectureRegistry.REGISTRY.get("convnext_small_config");
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(11);
            NamedSequential full = convnext.build(1000);
            Networks.initialize(full, manager, 1, 64);
            Map<String, TensorData> tensors = new LinkedHashMap<>();
            java.util.Random random = new java.util.Random(3);
            TorchNames.of(full).forEach((name, p) -> {
                float[] values = new float[(int) p.getArray().size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) random.nextGaussian();
                }
                tensors.put(name, new TensorData(p.getArray().getShape().getShape(), values));
            });
            TransferModel model = TransferModels.build(convnext, "pool", HeadSpec.LINEAR, 2);
            TransferModels.initialize(model, manager, 64);
            ImportReport report = TransferModels.loadTrunk(model, convnext, new StateDict("random.safetensors", tensors, true));
            Map<String, float[]> loaded = new LinkedHashMap<>();
            TorchNames.of(model).forEach((n, p) -> loaded.put(n, p.getArray().toFloatArray()));
            assertArrayEquals(tensors.get("classifier.0.weight").values(), loaded.get("classifier.0.weight"));
            assertArrayEquals(tensors.get("classifier.0.bias").values(), loaded.get("classifier.0.bias"));
            assertFalse(loaded.containsKey("classifier.2.weight"), "the 1000-class Linear is replaced by the head");
            assertTrue(report.ignored().contains("classifier.2.weight"), report.ignored().toString());
        }
    }
}
