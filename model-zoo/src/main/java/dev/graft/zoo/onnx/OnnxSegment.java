package dev.graft.zoo.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.graft.zoo.weights.TensorData;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run of imported ONNX nodes between two points of the graph where a single tensor carries
 * everything forward, executed as one trainable DJL block. Weighted nodes (Conv, Gemm,
 * BatchNormalization) are child blocks named after their ONNX nodes; their weights start from the
 * file's initializers.
 */
public final class OnnxSegment extends AbstractBlock {

    private final List<OnnxNode> nodes;
    private final String input;
    private final String output;
    private final Map<Shape, Shape> outputShapes = new HashMap<>();

    /**
     * Creates a segment.
     *
     * @param nodes its nodes, in graph order
     * @param input the tensor it starts from
     * @param output the tensor it ends with
     */
    public OnnxSegment(List<OnnxNode> nodes, String input, String output) {
        this.nodes = List.copyOf(nodes);
        this.input = input;
        this.output = output;
        for (OnnxNode node : nodes) {
            if (node.block() != null) {
                addChildBlock(childName(node), node.block());
            }
        }
    }

    /** @return the nodes, in graph order */
    public List<OnnxNode> nodes() {
        return nodes;
    }

    /**
     * Turns an ONNX node name into a child name: {@code /features/features.0/Conv} becomes
     * {@code features.features.0.Conv}.
     *
     * @param node the node
     * @return the name
     */
    public static String childName(OnnxNode node) {
        String n = node.name().isEmpty() ? node.output() : node.name();
        return n.replaceAll("^/+", "").replace('/', '.');
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (OnnxNode node : nodes) {
            if (node.block() == null) {
                continue;
            }
            node.block().initialize(manager, dataType, OnnxOps.weightInputShape(node));
            for (Map.Entry<String, TensorData> w : node.weights().entrySet()) {
                Parameter p = node.block().getParameters().get(w.getKey());
                p.getArray().set(FloatBuffer.wrap(w.getValue().values()));
            }
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        Map<String, NDArray> values = new LinkedHashMap<>();
        values.put(input, inputs.singletonOrThrow());
        for (OnnxNode node : nodes) {
            values.put(node.output(), OnnxOps.run(node, values, store, training));
        }
        return new NDList(values.get(output));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        Shape known = outputShapes.get(in);
        if (known == null) {
            NDArray anyParameter = getParameters().isEmpty() ? null : getParameters().get(0).getValue().getArray();
            try (NDManager manager = anyParameter == null ? NDManager.newBaseManager() : anyParameter.getManager().newSubManager()) {
                NDArray zeros = manager.zeros(in);
                known = forwardInternal(new ParameterStore(manager, false), new NDList(zeros), false, null).singletonOrThrow().getShape();
            }
            outputShapes.put(in, known);
        }
        return new Shape[] {known};
    }
}
