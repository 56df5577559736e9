package dev.graft.zoo.onnx;

import ai.djl.ndarray.NDArray;
import com.google.protobuf.ByteString;
import dev.graft.zoo.onnx.proto.Onnx;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/** Builds an ONNX graph: float initializers, nodes with attributes, inputs and outputs with shapes. */
final class OnnxGraph {

    private final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder();
    private final java.util.Set<String> names = new java.util.HashSet<>();

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** Adds a float tensor (an NDArray's values, copied) and returns its name. */
    String initializer(String name, NDArray array) {
        return initializer(name, array.toFloatArray(), array.getShape().getShape());
    }

    String initializer(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        graph.addInitializer(Onnx.TensorProto.newBuilder().setName(name).setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(Arrays.stream(dims).boxed().toList()).setRawData(ByteString.copyFrom(bytes.array())));
        return name;
    }

    /** Adds an int64 tensor (a Reshape target, say) and returns its name. */
    String longInitializer(String name, long[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        graph.addInitializer(Onnx.TensorProto.newBuilder().setName(name).setDataType(Onnx.TensorProto.DataType.INT64_VALUE)
                .addDims(values.length).setRawData(ByteString.copyFrom(bytes.array())));
        return name;
    }

    /**
     * Adds a node with one output.
     *
     * @param opType the operator
     * @param name the node name (its output takes the same name; a suffix keeps names unique)
     * @param inputs input names
     * @param attributes the attributes
     * @return the output name
     */
    String node(String opType, String name, List<String> inputs, Onnx.AttributeProto... attributes) {
        String unique = name;
        for (int i = 2; !names.add(unique); i++) {
            unique = name + "_" + i;
        }
        graph.addNode(Onnx.NodeProto.newBuilder().setOpType(opType).setName(unique).addAllInput(inputs).addOutput(unique)
                .addAllAttribute(Arrays.asList(attributes)));
        return unique;
    }

    /** Declares a float input or output; a negative dimension is the dynamic batch {@code N}. */
    void input(String name, long... dims) {
        graph.addInput(valueInfo(name, dims));
    }

    void output(String name, long... dims) {
        graph.addOutput(valueInfo(name, dims));
    }

    private static Onnx.ValueInfoProto valueInfo(String name, long... dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(d < 0 ? Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder().setTensorType(
                Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    Onnx.GraphProto build() {
        return graph.build();
    }

    static Onnx.AttributeProto ints(String name, long... values) {
        return OnnxAttributes.ints(name, values);
    }

    static Onnx.AttributeProto integer(String name, long value) {
        return OnnxAttributes.integer(name, value);
    }

    static Onnx.AttributeProto real(String name, float value) {
        return OnnxAttributes.real(name, value);
    }
}
