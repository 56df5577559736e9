package dev.graft.zoo.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.graft.zoo.nn.NamedSequential;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A training step's tensors are freed with the step's scope, never kept by the model's manager.
 * DJL attaches an operation's result to its first operand's manager; a block that starts from one
 * of its own parameters (a class token, a position embedding) would otherwise hand every later
 * tensor of the step to the model, which then grows by a whole network's activations per step.
 */
class StepScopeTest {

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "mobilenet_v2", "squeezenet1_1", "efficientnet_b0", "mobilenet_v3_small",
        "densenet121", "convnext_small_config", "vit_small_config"})
    void trainingStep_leavesNoTensorWithTheModel(String name) {
        Architecture architecture = ArchitectureRegistry.REGISTRY.get(name);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NamedSequential net = architecture.build(2);
            // 32 px: not the ViT's native grid, so its position embedding is resampled as well.
            Networks.initialize(net, manager, 1, 32);
            int before = manager.getManagedArrays().size();
            for (int step = 0; step < 2; step++) {
                try (NDManager scope = manager.newSubManager();
                        GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDArray x = scope.randomNormal(new Shape(2, 3, 32, 32));
                    NDArray y = net.forward(new ParameterStore(scope, false), new NDList(x), true).singletonOrThrow();
                    collector.backward(y.sum());
                }
            }
            assertEquals(before, manager.getManagedArrays().size(), name + ": tensors left with the model after two steps");
        }
    }
}
