package dev.graft.core.onnx;

import dev.graft.zoo.onnx.proto.Onnx;
import dev.graft.zoo.weights.WeightImportException;
import java.util.List;

/**
 * Rewrites an ONNX classifier so that its only output is the image features its classifier
 * reads: the input of the last global average pool, dequantized when the model is quantized,
 * then averaged and flattened to {@code [N, C]} floats.
 */
final class FeatureGraph {

    /** The name of the output the rewritten graph has. */
    static final String OUTPUT = "graft_features";

    private FeatureGraph() {}

    /**
     * Rewrites a model.
     *
     * @param model the classifier
     * @param origin the file, for messages
     * @return the feature extractor
     * @throws WeightImportException if the graph has no global average pool to read features before
     */
    static Onnx.ModelProto featuresOf(Onnx.ModelProto model, String origin) throws WeightImportException {
        Onnx.GraphProto graph = model.getGraph();
        Onnx.NodeProto pool = null;
        for (Onnx.NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("GlobalAveragePool") || node.getOpType().equals("QLinearGlobalAveragePool")) {
                pool = node;
            }
        }
        if (pool == null) {
            throw new WeightImportException(origin + ": it has no GlobalAveragePool or QLinearGlobalAveragePool node, so Graft cannot"
                    + " tell where its features end; export the network up to its features instead.");
        }
        if (pool.getInputCount() < (pool.getOpType().startsWith("QLinear") ? 3 : 1)) {
            throw new WeightImportException(origin + ": node '" + pool.getName() + "' (" + pool.getOpType() + ") has "
                    + pool.getInputCount() + " inputs, fewer than the operator needs; export the model again.");
        }
        Onnx.GraphProto.Builder rewritten = graph.toBuilder().clearOutput();
        String map = pool.getInput(0);
        if (pool.getOpType().startsWith("QLinear")) {
            rewritten.addNode(node("DequantizeLinear", "graft_dequantize", List.of(map, pool.getInput(1), pool.getInput(2))));
            map = "graft_dequantize";
        }
        rewritten.addNode(node("GlobalAveragePool", "graft_pool", List.of(map)));
        rewritten.addNode(node("Flatten", OUTPUT, List.of("graft_pool")).toBuilder().addAttribute(Onnx.AttributeProto.newBuilder()
                .setName("axis").setType(Onnx.AttributeProto.AttributeType.INT).setI(1)).build());
        rewritten.addOutput(Onnx.ValueInfoProto.newBuilder().setName(OUTPUT).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE))));
        return model.toBuilder().setGraph(rewritten).build();
    }

    private static Onnx.NodeProto node(String op, String output, List<String> inputs) {
        return Onnx.NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output).build();
    }
}
