package dev.graft.zoo.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.graft.zoo.arch.CutPoint;
import dev.graft.zoo.arch.Networks;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.onnx.proto.Onnx;
import dev.graft.zoo.weights.TensorData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A graph of ONNX nodes with one input, read from an ONNX file or lowered from another format
 * (a Keras model), split at every node after which a single tensor carries everything forward.
 * Each piece becomes one trainable {@link OnnxSegment}, named after the node that ends it; the
 * weights start from the initializers.
 */
public final class OnnxNodeGraph {

    private final String origin;
    private final List<Onnx.NodeProto> nodes;
    private final Map<String, TensorData> initializers;
    private final String input;
    private final List<int[]> segments;

    /**
     * Creates the graph.
     *
     * @param origin the file it came from, for messages
     * @param nodes the nodes in topological order; the last one gives the network's output
     * @param initializers constants and weights by name
     * @param input the image (or vector) input
     * @param outputs the graph's outputs, kept alive to the end
     */
    public OnnxNodeGraph(String origin, List<Onnx.NodeProto> nodes, Map<String, TensorData> initializers, String input,
            Collection<String> outputs) {
        this.origin = origin;
        this.nodes = List.copyOf(nodes);
        this.initializers = Map.copyOf(initializers);
        this.input = input;
        this.segments = segments(outputs);
    }

    /**
     * Imports every node once, to find what cannot be rebuilt before anything runs.
     *
     * @throws IllegalArgumentException naming the first node Graft cannot import
     */
    public void check() {
        nodes.forEach(n -> OnnxOps.importNode(n, initializers, origin));
    }

    /** Splits the node list where exactly one computed tensor is alive: {from, to} node index ranges. */
    private List<int[]> segments(Collection<String> outputs) {
        Map<String, Integer> lastUse = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : nodes.get(i).getInputList()) {
                lastUse.put(in, i);
            }
        }
        outputs.forEach(o -> lastUse.put(o, Integer.MAX_VALUE));
        List<int[]> out = new ArrayList<>();
        Set<String> live = new HashSet<>(Set.of(input));
        int start = 0;
        for (int i = 0; i < nodes.size(); i++) {
            int index = i;
            live.add(nodes.get(i).getOutput(0));
            live.removeIf(t -> lastUse.getOrDefault(t, -1) <= index);
            if (live.size() == 1 && live.contains(nodes.get(i).getOutput(0)) || i == nodes.size() - 1) {
                out.add(new int[] {start, i});
                start = i + 1;
            }
        }
        return out;
    }

    /**
     * Builds the network: one segment per piece, fresh blocks whose weights start from the initializers.
     *
     * @return the network
     */
    public NamedSequential build() {
        NamedSequential network = new NamedSequential();
        String tensor = input;
        for (int[] s : segments) {
            List<OnnxNode> imported = new ArrayList<>();
            for (int i = s[0]; i <= s[1]; i++) {
                imported.add(OnnxOps.importNode(nodes.get(i), initializers, origin));
            }
            String output = nodes.get(s[1]).getOutput(0);
            network.add(moduleName(nodes.get(s[1])), new OnnxSegment(imported, tensor, output));
            tensor = output;
        }
        return network;
    }

    /**
     * Runs a network built here once on zeros, segment by segment, and records each one's output shape.
     *
     * @param network a network from {@link #build()}, not initialised
     * @param inputShape the input's shape, batch first
     * @return the output shape of each segment, in order
     */
    public static List<Shape> segmentShapes(NamedSequential network, Shape inputShape) {
        List<Shape> shapes = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Networks.initialize(network, manager, inputShape);
            NDArray x = manager.zeros(inputShape);
            ParameterStore store = new ParameterStore(manager, false);
            for (String name : network.names()) {
                x = network.child(name).forward(store, new NDList(x), false).singletonOrThrow();
                shapes.add(x.getShape());
            }
        }
        return shapes;
    }

    /**
     * Names the cut points: one after each segment before the classifier, named as the node that
     * ends it, then {@code pool} at the last of them (the classifier's input).
     *
     * @param classifier the index of the classifier's first segment
     * @param inputShape the input's shape, batch first, to learn each segment's output shape
     * @return the cut points, shallow to deep
     * @throws IllegalArgumentException if there is no segment before the classifier
     */
    public List<CutPoint> cutPoints(int classifier, Shape inputShape) {
        NamedSequential network = build();
        List<Shape> shapes = segmentShapes(network, inputShape);
        long side = inputShape.dimension() == 4 ? inputShape.get(3) : 1;
        List<CutPoint> cuts = new ArrayList<>();
        List<String> names = network.names();
        for (int s = 0; s < classifier; s++) {
            Shape shape = shapes.get(s);
            int stride = (int) (shape.dimension() == 4 ? Math.max(1, side / shape.get(3)) : Math.max(1, side));
            List<Onnx.NodeProto> segment = segmentNodes(s);
            String node = segment.get(segment.size() - 1).getName();
            // a node named "pool" (Graft's own exports name the global average pool so) would take the last cut point's name
            cuts.add(CutPoint.at(node.equals("pool") ? "pool_node" : node, names.get(s), (int) shape.get(1), stride));
        }
        if (cuts.isEmpty()) {
            throw new IllegalArgumentException(origin + ": found no point to cut before the classifier.");
        }
        CutPoint end = cuts.get(cuts.size() - 1);
        cuts.add(new CutPoint("pool", end.module(), end.channels(), end.stride(), shapes.get(classifier - 1).dimension() == 4));
        return cuts;
    }

    /** @return the number of segments */
    public int segmentCount() {
        return segments.size();
    }

    /**
     * The nodes of one segment.
     *
     * @param segment its index
     * @return its nodes, in order; the last one ends it
     */
    public List<Onnx.NodeProto> segmentNodes(int segment) {
        int[] s = segments.get(segment);
        return nodes.subList(s[0], s[1] + 1);
    }

    /** @return the graph's input */
    public String input() {
        return input;
    }

    /**
     * The trunk module name of a segment: its last node's name, slashes as dots. A name that is or
     * starts with {@code head} (Graft's own ONNX and TF.js exports name the classifier's nodes so)
     * gets the prefix {@code imported_}: the new head of a transfer model is the module {@code head},
     * and a trunk module {@code head.0} would make its parameters indistinguishable from the new
     * head's (an imported export then froze its new head and trained nothing). Cut names are the
     * nodes' own and do not change.
     */
    static String moduleName(Onnx.NodeProto last) {
        String n = (last.getName().isEmpty() ? last.getOutput(0) : last.getName()).replaceAll("^/+", "").replace('/', '.');
        return n.equals("head") || n.startsWith("head.") ? "imported_" + n : n;
    }
}
