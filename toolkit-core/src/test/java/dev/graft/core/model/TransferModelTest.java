package dev.graft.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.graft.core.train.Losses;
import dev.graft.core.train.Optimizer;
import dev.graft.core.train.OptimizerKind;
import dev.graft.zoo.arch.ResNet;
import dev.graft.zoo.nn.TorchNames;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransferModelTest {

    private static Map<String, float[]> values(TransferModel model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        TorchNames.of(model).forEach((n, p) -> out.put(n, p.getArray().toFloatArray()));
        return out;
    }

    @Test
    void freezeFirst_keepsFrozenWeightsAndBatchNormStatisticsBitIdentical_whileTheRestTrains() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(1);
            TransferModel model = TransferModels.build(ResNet.resnet18(), "layer2", HeadSpec.LINEAR, 3);
            TransferModels.initialize(model, manager, 32);
            model.freezeFirst(model.trunkNames().indexOf("layer1") + 1);
            Map<String, float[]> before = values(model);
            Optimizer optimizer = new Optimizer(OptimizerKind.SGD, 1e-4f, 0, 0, manager);
            for (int step = 0; step < 3; step++) {
                try (NDManager scope = manager.newSubManager()) {
                    ParameterStore store = new ParameterStore(scope, false);
                    NDArray x = scope.randomNormal(new Shape(4, 3, 32, 32));
                    NDArray y = scope.create(new int[] {0, 1, 2, 1});
                    try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                        NDArray logits = model.forward(store, new NDList(x), true).singletonOrThrow();
                        collector.backward(Losses.crossEntropy(logits, y, new float[] {1, 1, 1}, 0, scope));
                    }
                    model.trainableParameters().forEach((n, p) -> optimizer.update(n, p, 0.1f, scope));
                }
            }
            Map<String, float[]> after = values(model);
            for (String name : before.keySet()) {
                boolean frozen = name.startsWith("conv1.") || name.startsWith("bn1.") || name.startsWith("layer1.");
                boolean same = Arrays.equals(before.get(name), after.get(name));
                if (frozen) {
                    assertTrue(same, name + " changed although frozen");
                }
            }
            assertFalse(Arrays.equals(before.get("layer2.0.bn1.running_mean"), after.get("layer2.0.bn1.running_mean")),
                    "unfrozen BatchNorm statistics should move in training mode");
            assertFalse(Arrays.equals(before.get("layer2.0.conv1.weight"), after.get("layer2.0.conv1.weight")));
            assertFalse(Arrays.equals(before.get("head.1.weight"), after.get("head.1.weight")));
            assertTrue(model.trainableParameters().keySet().stream().noneMatch(n -> n.startsWith("layer1.")));
        }
    }

    @Test
    void head_onFeatureMapCut_startsWithGlobalPool() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TransferModel model = TransferModels.build(ResNet.resnet18(), "layer2", new HeadSpec("mlp", 16, 0.2f), 5);
            TransferModels.initialize(model, manager, 32);
            NDArray out = model.forward(new ParameterStore(manager, false), new NDList(manager.ones(new Shape(2, 3, 32, 32))), false)
                    .singletonOrThrow();
            assertArrayEquals(new long[] {2, 5}, out.getShape().getShape());
            assertEquals(16 * 128, TorchNames.of(model).get("head.1.weight").getArray().getShape().size());
        }
    }
}
