package dev.graft.zoo.arch;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;
import dev.graft.zoo.nn.TorchNames;

/** Initialisation and counting helpers for built networks. */
public final class Networks {

    private Networks() {}

    /**
     * Allocates a network's parameters for inputs of a given side, with He (Kaiming, fan-out)
     * initialisation for weights as torchvision does, zero biases, unit BatchNorm scales.
     *
     * @param block the network
     * @param manager the manager that will own the parameters
     * @param batch the batch dimension used to infer shapes
     * @param side the input side
     */
    public static void initialize(Block block, NDManager manager, int batch, int side) {
        initialize(block, manager, new Shape(batch, 3, side, side));
    }

    /**
     * Allocates a network's parameters for inputs of any shape (a vector, a volume), initialised
     * as {@link #initialize(Block, NDManager, int, int)} does.
     *
     * @param block the network
     * @param manager the manager that will own the parameters
     * @param input the input's shape, batch first
     */
    public static void initialize(Block block, NDManager manager, Shape input) {
        block.setInitializer(
                new XavierInitializer(
                        XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.OUT, 2),
                Parameter.Type.WEIGHT);
        block.initialize(manager, DataType.FLOAT32, input);
    }

    /**
     * Counts trainable parameters the way torchvision does (no BatchNorm running statistics).
     *
     * @param block an initialised network
     * @return the number of trainable values
     */
    public static long trainableParameters(Block block) {
        long total = 0;
        for (Parameter parameter : TorchNames.of(block).values()) {
            if (TorchNames.isTrainable(parameter)) {
                total += parameter.getArray().getShape().size();
            }
        }
        return total;
    }
}
