package dev.graft.zoo.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A sequential container whose children carry the names torchvision gives them ({@code conv1},
 * {@code layer2}, {@code features.3}), unlike DJL's {@code SequentialBlock}, which numbers them.
 * Those names, joined with dots, are the parameter names weight files use.
 */
public class NamedSequential extends AbstractBlock {

    private static final byte VERSION = 1;

    /** Creates an empty container. */
    public NamedSequential() {
        super(VERSION);
    }

    /**
     * Appends a child under a name.
     *
     * @param name the torchvision module name, e.g. {@code layer1} or {@code features.0}
     * @param block the child
     * @return this container
     * @throws IllegalArgumentException if the name is taken
     */
    public NamedSequential add(String name, Block block) {
        if (children.contains(name)) {
            throw new IllegalArgumentException("duplicate child name " + name);
        }
        children.add(name, block);
        return this;
    }

    /** @return the child names in order */
    public List<String> names() {
        return new ArrayList<>(children.keys());
    }

    /**
     * Returns a child by name.
     *
     * @param name the child name
     * @return the child
     * @throws IllegalArgumentException if there is none
     */
    public Block child(String name) {
        Block block = children.get(name);
        if (block == null) {
            throw new IllegalArgumentException("no child " + name + " among " + names());
        }
        return block;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList current = inputs;
        for (Block child : children.values()) {
            current = child.forward(store, current, training, params);
        }
        return current;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (Pair<String, Block> child : children) {
            child.getValue().initialize(manager, dataType, shapes);
            shapes = child.getValue().getOutputShapes(shapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block child : children.values()) {
            shapes = child.getOutputShapes(shapes);
        }
        return shapes;
    }
}
