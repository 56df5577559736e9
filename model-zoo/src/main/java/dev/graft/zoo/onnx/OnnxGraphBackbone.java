package dev.graft.zoo.onnx;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.types.Shape;
import dev.graft.datasets.image.Normalization;
import dev.graft.zoo.arch.Architecture;
import dev.graft.zoo.arch.ArchitectureSpec;
import dev.graft.zoo.arch.CutPoint;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.onnx.proto.Onnx;
import dev.graft.zoo.weights.OnnxWeightsReader;
import dev.graft.zoo.weights.TensorData;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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
    private final OnnxNodeGraph graph;
    private final ArchitectureSpec spec;

    private OnnxGraphBackbone(Path file, Onnx.GraphProto graph, Map<String, TensorData> initializers, int side) {
        this.file = file;
        String input = graph.getInputList().stream().map(Onnx.ValueInfoProto::getName).filter(n -> !initializers.containsKey(n))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(file + ": the graph has no image input."));
        this.graph = new OnnxNodeGraph(file.toString(), withoutFinalSoftmax(graph), initializers, input,
                graph.getOutputList().stream().map(Onnx.ValueInfoProto::getName).toList());
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

    @Override
    public NamedSequential build(int numClasses) {
        return graph.build();
    }

    /** Runs the network once on zeros to learn each module's output shape, then names the cut points. */
    private ArchitectureSpec describe(int side) {
        List<CutPoint> cuts = graph.cutPoints(lastWeightedSegment(), new Shape(1, 3, side, side));
        List<String> names = graph.build().names();
        return new ArchitectureSpec(NAME, side, Math.round(side * 256f / 224f), Normalization.IMAGENET, cuts, names.get(0),
                names.get(names.size() - 1), 0);
    }

    /** The index of the segment holding the last node with weights: the classifier. */
    private int lastWeightedSegment() {
        int last = 0;
        for (int s = 0; s < graph.segmentCount(); s++) {
            for (Onnx.NodeProto node : graph.segmentNodes(s)) {
                String op = node.getOpType();
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
