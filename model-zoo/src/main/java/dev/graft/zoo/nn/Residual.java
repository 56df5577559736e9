package dev.graft.zoo.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A residual unit: a body of named layers run in order, plus a shortcut (identity, or a named
 * {@code downsample} projection), optionally followed by ReLU. With the right body it is
 * torchvision's ResNet {@code BasicBlock} or {@code Bottleneck}, or MobileNetV2's inverted
 * residual (no final activation).
 */
public final class Residual extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final String SHORTCUT = "downsample";

    private final List<String> bodyNames = new ArrayList<>();
    private final boolean finalRelu;
    private Block shortcut;

    /**
     * Creates an empty unit.
     *
     * @param finalRelu whether ReLU follows the addition (ResNet) or not (MobileNetV2)
     */
    public Residual(boolean finalRelu) {
        super(VERSION);
        this.finalRelu = finalRelu;
    }

    /**
     * Appends a body layer.
     *
     * @param name its torchvision name
     * @param block the layer
     * @return this unit
     */
    public Residual body(String name, Block block) {
        if (children.contains(name)) {
            throw new IllegalArgumentException("duplicate child name " + name);
        }
        children.add(name, block);
        bodyNames.add(name);
        return this;
    }

    /**
     * Sets the projection shortcut, named {@code downsample} as in torchvision.
     *
     * @param block the projection
     * @return this unit
     */
    public Residual downsample(Block block) {
        children.add(SHORTCUT, block);
        shortcut = block;
        return this;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList current = inputs;
        for (String name : bodyNames) {
            current = children.get(name).forward(store, current, training, params);
        }
        NDArray identity =
                shortcut == null
                        ? inputs.singletonOrThrow()
                        : shortcut.forward(store, inputs, training, params).singletonOrThrow();
        NDArray sum = current.singletonOrThrow().add(identity);
        return new NDList(finalRelu ? Activation.relu(sum) : sum);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (String name : bodyNames) {
            Block block = children.get(name);
            block.initialize(manager, dataType, shapes);
            shapes = block.getOutputShapes(shapes);
        }
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = inputShapes;
        for (String name : bodyNames) {
            shapes = children.get(name).getOutputShapes(shapes);
        }
        return shapes;
    }

    /** @return the body layers' names, in order */
    public List<String> bodyNames() {
        return List.copyOf(bodyNames);
    }

    /** @return the projection shortcut, or {@code null} for identity */
    public Block shortcut() {
        return shortcut;
    }

    /** @return whether ReLU follows the addition */
    public boolean finalRelu() {
        return finalRelu;
    }
}
