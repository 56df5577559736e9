package dev.graft.zoo.onnx;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.graft.datasets.image.Normalization;
import dev.graft.zoo.arch.Architecture;
import dev.graft.zoo.arch.ArchitectureSpec;
import dev.graft.zoo.arch.CutPoint;
import dev.graft.zoo.arch.Networks;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.onnx.proto.Onnx;
import dev.graft.zoo.weights.OnnxWeightsReader;
import dev.graft.zoo.weights.TensorData;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --arch onnx --weights model.onnx}: an fp32 ONNX CNN rebuilt as trainable DJL blocks. The
 * graph is split at every node after which a single tensor carries everything forward; each piece
 * is a module, and the node that ends it is a cut point (and freeze point) named as in the file,
 * e.g. {@code /features/features.3/Concat}. The last cut point, {@code pool}, ends the features
 * just before the file's classifier. Weights start from the file's initializers.
 */
public final class OnnxGraphBackbone implements Architecture {

    /** The architecture name. */
    public static final String NAME = "onnx";

    /** Initializer types the importer reads: float32, float64, float16, int64. */
    private static final Set<Integer> READABLE_TYPES = Set.of(1, 11, 10, 7);

    private final Path file;
    private final List<Onnx.NodeProto> nodes;
    private final Map<String, TensorData> initializers;
    private final String input;
    private final List<int[]> segments;
    private final ArchitectureSpec spec;

    private OnnxGraphBackbone(Path file, Onnx.GraphProto graph, Map<String, TensorData> initializers, int side) {
        this.file = file;
        this.nodes = withoutFinalSoftmax(graph);
        this.initializers = initializers;
        this.input = graph.getInputList().stream().map(Onnx.ValueInfoProto::getName).filter(n -> !initializers.containsKey(n))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(file + ": the graph has no image input."));
        this.segments = segments(graph);
        this.spec = describe(side);
    }

    /**
     * Reads an ONNX file; every node must use an operator Graft imports.
     *
     * @param file the file
     * @return the backbone
     * @throws IOException if the file cannot be read
     * @throws WeightImportException if the file is not a complete ONNX model, its graph fails
     *     {@link OnnxModelCheck}, or an initializer cannot be read
     */
    public static OnnxGraphBackbone open(Path file) throws IOException, WeightImportException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " does not exist; --arch " + NAME + " needs --weights pointing at an .onnx file.");
        }
        Onnx.ModelProto model = OnnxModelCheck.read(file);
        Map<String, TensorData> initializers = new HashMap<>();
        for (Onnx.TensorProto t : model.getGraph().getInitializerList()) {
            if (READABLE_TYPES.contains(t.getDataType())) {
                initializers.put(t.getName(), OnnxWeightsReader.toData(t, file));
            }
        }
        int side = OnnxModelCheck.inputSide(model, file.toString());
        try {
            for (Onnx.NodeProto node : model.getGraph().getNodeList()) {
                if (!OnnxOps.SUPPORTED.contains(node.getOpType())) {
                    OnnxOps.importNode(node, initializers, file.toString());
                }
            }
            return new OnnxGraphBackbone(file, model.getGraph(), initializers, side);
        } catch (IllegalArgumentException e) {
            // What the file holds cannot be rebuilt (an operator, attribute or tensor shape): a data error, exit 1.
            String message = String.valueOf(e.getMessage());
            throw new WeightImportException(message.startsWith(file.toString()) ? message : file + ": " + message, e);
        } catch (EngineException e) {
            throw new WeightImportException(file + ": the rebuilt network cannot run on a [1, 3, " + side + ", " + side + "] image: "
                    + e.getMessage().lines().findFirst().orElse("") + ". Check the file's shapes, or use --arch onnx-runtime.", e);
        }
    }

    /**
     * The graph's nodes without a final {@code Softmax} of another graph output (Graft's own exports
     * end with {@code logits} and their softmax {@code probabilities}): the network ends at the logits.
     */
    private static List<Onnx.NodeProto> withoutFinalSoftmax(Onnx.GraphProto graph) {
        List<Onnx.NodeProto> all = graph.getNodeList();
        Onnx.NodeProto last = all.get(all.size() - 1);
        boolean logitsToo = graph.getOutputList().stream().anyMatch(o -> last.getInputCount() > 0 && o.getName().equals(last.getInput(0)));
        return last.getOpType().equals("Softmax") && logitsToo && all.size() > 1 ? all.subList(0, all.size() - 1) : all;
    }

    /** Splits the node list where exactly one computed tensor is alive: {from, to} node index ranges. */
    private List<int[]> segments(Onnx.GraphProto graph) {
        Map<String, Integer> lastUse = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : nodes.get(i).getInputList()) {
                lastUse.put(in, i);
            }
        }
        graph.getOutputList().forEach(o -> lastUse.put(o.getName(), Integer.MAX_VALUE));
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

    private static String moduleName(Onnx.NodeProto last) {
        String n = last.getName().isEmpty() ? last.getOutput(0) : last.getName();
        return n.replaceAll("^/+", "").replace('/', '.');
    }

    @Override
    public NamedSequential build(int numClasses) {
        NamedSequential network = new NamedSequential();
        String tensor = input;
        for (int[] s : segments) {
            List<OnnxNode> imported = new ArrayList<>();
            for (int i = s[0]; i <= s[1]; i++) {
                imported.add(OnnxOps.importNode(nodes.get(i), initializers, file.toString()));
            }
            String output = nodes.get(s[1]).getOutput(0);
            network.add(moduleName(nodes.get(s[1])), new OnnxSegment(imported, tensor, output));
            tensor = output;
        }
        return network;
    }

    /** Runs the network once on zeros to learn each module's output shape, then names the cut points. */
    private ArchitectureSpec describe(int side) {
        NamedSequential network = build(1000);
        List<Shape> shapes = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Networks.initialize(network, manager, 1, side);
            NDArray x = manager.zeros(new Shape(1, 3, side, side));
            ParameterStore store = new ParameterStore(manager, false);
            for (String name : network.names()) {
                x = network.child(name).forward(store, new NDList(x), false).singletonOrThrow();
                shapes.add(x.getShape());
            }
        }
        int classifier = lastWeightedSegment();
        List<CutPoint> cuts = new ArrayList<>();
        List<String> names = network.names();
        for (int s = 0; s < classifier; s++) {
            Shape shape = shapes.get(s);
            int stride = shape.dimension() == 4 ? Math.max(1, side / (int) shape.get(3)) : side;
            String node = nodes.get(segments.get(s)[1]).getName();
            // a node named "pool" (Graft's own exports name the global average pool so) would take the last cut point's name
            cuts.add(CutPoint.at(node.equals("pool") ? "pool_node" : node, names.get(s), (int) shape.get(1), stride));
        }
        if (cuts.isEmpty()) {
            throw new IllegalArgumentException(file + ": found no point to cut before the classifier.");
        }
        CutPoint end = cuts.get(cuts.size() - 1);
        cuts.add(new CutPoint("pool", end.module(), end.channels(), end.stride(), shapes.get(classifier - 1).dimension() == 4));
        return new ArchitectureSpec(NAME, side, Math.round(side * 256f / 224f), Normalization.IMAGENET, cuts, names.get(0),
                names.get(names.size() - 1), 0);
    }

    /** The index of the segment holding the last node with weights: the classifier. */
    private int lastWeightedSegment() {
        int last = 0;
        for (int s = 0; s < segments.size(); s++) {
            for (int i = segments.get(s)[0]; i <= segments.get(s)[1]; i++) {
                String op = nodes.get(i).getOpType();
                if (op.equals("Conv") || op.equals("Gemm")) {
                    last = s;
                }
            }
        }
        return last;
    }

    /** @return the file the backbone was read from */
    public Path file() {
        return file;
    }

    @Override
    public ArchitectureSpec spec() {
        return spec;
    }

    @Override
    public boolean selfContained() {
        return true;
    }
}
