package dev.graft.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.graft.core.model.HeadSpec;
import dev.graft.core.model.MultiTaskLayout;
import dev.graft.core.model.TransferModel;
import dev.graft.core.model.TransferModels;
import dev.graft.zoo.arch.MobileNetV2;
import dev.graft.zoo.arch.ResNet;
import dev.graft.zoo.weights.TensorData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Layer-wise learning-rate decay: which modules are layers, how deep each parameter sits, and the
 * per-parameter rates one SGD step really applies.
 */
class LayerDecayTest {

    @Test
    void layers_areTheTrunkModulesHoldingParameters_frozenOrNot() {
        TransferModel resnet = TransferModels.build(ResNet.resnet18(), "layer2", HeadSpec.LINEAR, 3);
        assertEquals(List.of("conv1", "bn1", "relu", "maxpool", "layer1", "layer2"), resnet.trunkNames());
        assertEquals(List.of("conv1", "bn1", "layer1", "layer2"), resnet.layers(), "relu and maxpool hold no parameters");
        resnet.freezeFirst(2);
        assertEquals(4, resnet.layerDepth("conv1.weight"), "freezing does not move a layer's depth");
        assertEquals(1, resnet.layerDepth("layer2.1.bn2.bias"));
        assertEquals(0, resnet.layerDepth("head.1.weight"));

        TransferModel mobilenet = TransferModels.build(new MobileNetV2(), "pool", HeadSpec.LINEAR, 2);
        assertEquals(19, mobilenet.layers().size(), "features.0 .. features.18, the pool holds nothing: " + mobilenet.layers());
        assertEquals(19, mobilenet.layerDepth("features.0.0.weight"));
        assertEquals(9, mobilenet.layerDepth("features.10.conv.0.0.weight"), "features.10 is the 9th layer from the top");
    }

    @Test
    void multiTaskCopies_sitAtTheirModulesDepth() {
        MultiTaskLayout layout = new MultiTaskLayout(List.of(
                new MultiTaskLayout.Task("a", true, List.of("x", "y"), "a", "binary", 0, 1),
                new MultiTaskLayout.Task("b", false, List.of("x", "y"), "b", "binary", 0, 1)), 5, 0, false);
        TransferModel model = TransferModels.buildMultiTask(ResNet.resnet18(), "layer2", HeadSpec.LINEAR, layout);
        assertEquals(List.of("conv1", "bn1", "layer1", "layer2"), model.layers(), "layer2 is copied per task");
        assertEquals(1, model.layerDepth("head.b.layer2.0.conv1.weight"));
        assertEquals(2, model.layerDepth("layer1.0.conv1.weight"));
        assertEquals(0, model.layerDepth("head.a.head.1.weight"));
    }

    @Test
    void layering_thatMissesAModule_isRefusedNamingTheParameter() {
        TransferModel model = new TransferModel(TransferModels.trunk(ResNet.resnet18(), "layer1"),
                TransferModels.head(HeadSpec.LINEAR, 2, true), modules -> modules.subList(1, modules.size()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.layerDepth("conv1.weight"));
        assertTrue(e.getMessage().startsWith("parameter conv1.weight lies in none of the layers [bn1, layer1]"), e.getMessage());
    }

    /**
     * One SGD step from known weights (momentum has no history, no weight decay): each trainable
     * parameter moves by exactly its rate times its gradient, the rate being lr for the head and
     * lr × trunk-lr-factor × decay^k for the trunk's k-th layer from the top; the frozen stem does
     * not move.
     */
    @Test
    void oneSgdStep_updatesEachTrunkLayerAtLrTimesFactorTimesDecayToTheK() {
        float lr = 0.1f;
        float trunkFactor = 0.5f;
        float decay = 0.5f;
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(3);
            TransferModel model = TransferModels.build(ResNet.resnet18(), "layer2", HeadSpec.LINEAR, 3);
            TransferModels.initialize(model, manager, 16);
            model.freezeFirst(1);
            Map<String, TensorData> before = Snapshots.snapshot(model);
            Map<String, float[]> gradients = new LinkedHashMap<>();
            try (NDManager scope = manager.newSubManager()) {
                ParameterStore store = new ParameterStore(scope, false);
                NDArray features = model.forwardFrozen(store, new NDList(scope.randomNormal(new Shape(4, 3, 16, 16)))).singletonOrThrow();
                NDArray labels = scope.create(new int[] {0, 1, 2, 1});
                float[] weights = {1, 1, 1};
                try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDArray logits = model.forwardTrainable(store, new NDList(features), true).singletonOrThrow();
                    collector.backward(Losses.crossEntropy(logits, labels, weights, 0, scope));
                }
                for (Map.Entry<String, Parameter> p : model.trainableParameters().entrySet()) {
                    NDArray grad = p.getValue().getArray().getGradient();
                    grad.attach(scope);
                    gradients.put(p.getKey(), grad.toFloatArray());
                    grad.subi(grad);
                }
                Optimizer sgd = new Optimizer(OptimizerKind.SGD, 0, 0, 0, scope);
                new TrainingStep(model, sgd, weights, 0, trunkFactor, decay).run(store, scope, features, labels, lr, loss -> {});
            }
            Map<String, TensorData> after = Snapshots.snapshot(model);
            assertArrayEquals(before.get("conv1.weight").values(), after.get("conv1.weight").values(), "the frozen stem stays frozen");
            Map<String, Integer> depthOf = Map.of("bn1", 3, "layer1", 2, "layer2", 1, "head", 0);
            int checked = 0;
            for (Map.Entry<String, float[]> g : gradients.entrySet()) {
                String module = model.moduleOf(g.getKey());
                double expected = lr * (module.equals("head") ? 1 : trunkFactor * Math.pow(decay, depthOf.get(module)));
                double rate = rate(before.get(g.getKey()).values(), after.get(g.getKey()).values(), g.getValue());
                assertEquals(expected, rate, expected * 2e-3, g.getKey() + " in " + module + " moved at " + rate);
                checked++;
            }
            assertEquals(model.trainableParameters().size(), checked);
            assertTrue(checked > 20, "bn1, layer1, layer2 and the head: " + checked + " parameters");
        }
    }

    /** The rate r that best explains {@code after = before − r · gradient}. */
    private static double rate(float[] before, float[] after, float[] gradient) {
        double moved = 0;
        double squared = 0;
        for (int i = 0; i < gradient.length; i++) {
            moved += (before[i] - after[i]) * (double) gradient[i];
            squared += gradient[i] * (double) gradient[i];
        }
        return moved / squared;
    }

    @Test
    void decayOne_keepsTheTrunkFactorExactly() {
        TransferModel model = TransferModels.build(ResNet.resnet18(), "layer2", HeadSpec.LINEAR, 3);
        for (String name : List.of("conv1.weight", "layer1.0.conv1.weight", "layer2.1.bn2.weight")) {
            assertEquals(0.1f, TrainingStep.rateFactor(model, name, 0.1f, 1f));
        }
        assertEquals(1f, TrainingStep.rateFactor(model, "head.1.weight", 0.1f, 0.5f));
        assertEquals((float) (0.1f * Math.pow(0.75, 4)), TrainingStep.rateFactor(model, "conv1.weight", 0.1f, 0.75f));
    }
}
