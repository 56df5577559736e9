package dev.graft.zoo.onnx;

import ai.djl.nn.Block;
import dev.graft.zoo.onnx.proto.Onnx;
import dev.graft.zoo.weights.TensorData;
import java.util.List;
import java.util.Map;

/**
 * One imported ONNX node: its operator and attributes, its data inputs (tensors computed by the
 * graph), the constants it reads, and, for operators with weights, the DJL block that holds them
 * with the weights it starts from.
 *
 * @param op the operator type
 * @param name the node's name in the file
 * @param inputs the names of its computed inputs
 * @param output the name of its output
 * @param attributes its attributes by name
 * @param constants initializer inputs that are not weights (Clip bounds, Reshape shapes), by input position
 * @param block the block holding its weights, or {@code null}
 * @param weights the block's starting weights by DJL parameter name
 */
public record OnnxNode(String op, String name, List<String> inputs, String output, Map<String, Onnx.AttributeProto> attributes,
        Map<Integer, TensorData> constants, Block block, Map<String, TensorData> weights) {

    /** Copies the collections. */
    public OnnxNode {
        inputs = List.copyOf(inputs);
        attributes = Map.copyOf(attributes);
        constants = Map.copyOf(constants);
        weights = Map.copyOf(weights);
    }

    long integer(String attribute, long fallback) {
        Onnx.AttributeProto a = attributes.get(attribute);
        return a == null ? fallback : a.getI();
    }

    float real(String attribute, float fallback) {
        Onnx.AttributeProto a = attributes.get(attribute);
        return a == null ? fallback : a.getF();
    }

    String string(String attribute, String fallback) {
        Onnx.AttributeProto a = attributes.get(attribute);
        return a == null ? fallback : a.getS().toStringUtf8();
    }

    long[] ints(String attribute, long... fallback) {
        Onnx.AttributeProto a = attributes.get(attribute);
        return a == null ? fallback : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }
}
