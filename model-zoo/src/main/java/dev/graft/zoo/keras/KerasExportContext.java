package dev.graft.zoo.keras;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a {@link KerasLayerExport} writes with: the Keras functional model being built and the
 * exporter itself, for blocks that hold other blocks.
 */
public interface KerasExportContext {

    /**
     * Writes a block through the registered {@link KerasLayerExport} that accepts it.
     *
     * @param block the block
     * @param name its dotted module name, e.g. {@code layer1.0.conv1}
     * @param input the tensor it reads
     * @return the tensor it produces
     * @throws UnsupportedOperationException naming a block no registered export accepts
     */
    KerasTensor emit(Block block, String name, KerasTensor input);

    /**
     * Starts a layer's config: {@code name} and {@code trainable} are filled in; the caller adds the
     * class's own fields (snake_case, as Keras writes them).
     *
     * @param name the layer's name
     * @return the config to fill
     */
    ObjectNode config(String name);

    /**
     * Adds a layer.
     *
     * @param className the Keras class, e.g. {@code Conv2D}
     * @param config its config, from {@link #config(String)}
     * @param inputs the tensors it reads
     * @param shape its output shape in Graft's layout
     * @param nonNegative whether its output is known to be ≥ 0
     * @param weights its weights, in Keras's layout and order
     * @return its output tensor
     * @throws IllegalStateException if a layer of that name exists already
     */
    KerasTensor layer(String className, ObjectNode config, List<KerasTensor> inputs, Shape shape, boolean nonNegative,
            KerasWeightValues... weights);

    /**
     * Reads a block's parameter.
     *
     * @param block the block
     * @param djlName the parameter's DJL name, e.g. {@code weight}
     * @return its values, row-major in DJL's (PyTorch's) layout
     */
    float[] parameter(Block block, String djlName);
}
