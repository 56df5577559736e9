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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pretrained layers inside torchvision's classifiers stay with the trunk: ConvNeXt's LayerNorm
 * ({@code classifier.0}, in its {@code pool} cut) and MobileNetV3's hidden layer ({@code
 * classifier.0}, in its {@code pre_logits} cut) are imported; only the final Linear is replaced.
 */
class PretrainedClassifierLayersTest {

    @ParameterizedTest(name = "{0} cut at {1}")
    @CsvSource({"convnext_small_config, pool, classifier.0, classifier.2", "mobilenet_v3_small, pre_logits, classifier.0, classifier.3"})
    void cut_importsTheClassifiersPretrainedLayer_andReplacesOnlyTheLastLinear(String arch, String cut, String kept, String replaced)
            throws Exception {
        Architecture architecture = ArchitectureRegistry.REGISTRY.get(arch);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(11);
            NamedSequential full = architecture.build(1000);
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
            TransferModel model = TransferModels.build(architecture, cut, HeadSpec.LINEAR, 2);
            TransferModels.initialize(model, manager, 64);
            ImportReport report = TransferModels.loadTrunk(model, architecture, new StateDict("random.safetensors", tensors, true));
            Map<String, float[]> loaded = new LinkedHashMap<>();
            TorchNames.of(model).forEach((n, p) -> loaded.put(n, p.getArray().toFloatArray()));
            assertArrayEquals(tensors.get(kept + ".weight").values(), loaded.get(kept + ".weight"), kept + " imported");
            assertArrayEquals(tensors.get(kept + ".bias").values(), loaded.get(kept + ".bias"));
            assertFalse(loaded.containsKey(replaced + ".weight"), "the 1000-class Linear is replaced by the head");
            assertTrue(report.ignored().contains(replaced + ".weight"), report.ignored().toString());
        }
    }
}
