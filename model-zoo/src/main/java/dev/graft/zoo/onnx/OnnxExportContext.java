package dev.graft.zoo.onnx;

import ai.djl.nn.Block;
import dev.graft.zoo.onnx.proto.Onnx;
import java.util.List;

/**
 * What a {@link BlockExport} writes with: the graph being built and the exporter itself, for
 * blocks that hold other blocks.
 */
public interface OnnxExportContext {

    /**
     * Writes a block through the registered {@link BlockExport} that accepts it.
     *
     * @param block the block
     * @param name its dotted module name, e.g. {@code layer1.0.conv1}
     * @param input the tensor it reads
     * @return the tensor it produces
     * @throws UnsupportedOperationException naming a block no registered export accepts
     */
    String emit(Block block, String name, String input);

    /**
     * Adds a node.
     *
     * @param opType the ONNX operator, e.g. {@code Relu}
     * @param name the node's name, also its output tensor's
     * @param inputs its input tensors
     * @param attributes its attributes
     * @return its output tensor
     */
    String node(String opType, String name, List<String> inputs, Onnx.AttributeProto... attributes);

    /**
     * Adds a block's parameter as an initializer with its current values.
     *
     * @param block the block
     * @param djlName the parameter's DJL name, e.g. {@code weight}
     * @param onnxName the initializer's name, e.g. {@code fc.weight}
     * @return the initializer's name
     */
    String parameter(Block block, String djlName, String onnxName);

    /**
     * Adds a float constant.
     *
     * @param name its name
     * @param values its values
     * @param dims its shape, a scalar when empty
     * @return its name
     */
    String constant(String name, float[] values, long... dims);

    /**
     * Adds an int64 constant vector.
     *
     * @param name its name
     * @param values its values
     * @return its name
     */
    String longConstant(String name, long[] values);
}
