package dev.graft.zoo.onnx;

import dev.graft.zoo.onnx.proto.Onnx;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds ONNX node attributes, for the exporter and for importers that lower other formats to ONNX nodes. */
public final class OnnxAttributes {

    private OnnxAttributes() {}

    /**
     * An integer list attribute.
     *
     * @param name the attribute name, e.g. {@code pads}
     * @param values the values
     * @return the attribute
     */
    public static Onnx.AttributeProto ints(String name, long... values) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INTS)
                .addAllInts(Arrays.stream(values).boxed().toList()).build();
    }

    /**
     * An integer attribute.
     *
     * @param name the attribute name
     * @param value the value
     * @return the attribute
     */
    public static Onnx.AttributeProto integer(String name, long value) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INT).setI(value).build();
    }

    /**
     * A float attribute.
     *
     * @param name the attribute name
     * @param value the value
     * @return the attribute
     */
    public static Onnx.AttributeProto real(String name, float value) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    /**
     * A string attribute.
     *
     * @param name the attribute name, e.g. {@code auto_pad}
     * @param value the value
     * @return the attribute
     */
    public static Onnx.AttributeProto string(String name, String value) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFrom(value, StandardCharsets.UTF_8)).build();
    }
}
