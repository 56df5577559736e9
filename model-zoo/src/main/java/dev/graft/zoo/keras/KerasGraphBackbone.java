package dev.graft.zoo.keras;

import ai.djl.engine.EngineException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.datasets.image.Normalization;
import dev.graft.zoo.arch.Architecture;
import dev.graft.zoo.arch.ArchitectureSpec;
import dev.graft.zoo.arch.CutPoint;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.onnx.proto.Onnx;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --arch keras --weights model.h5|model.keras|model.json}: a Keras model (or TensorFlow.js
 * layers model) rebuilt as trainable DJL blocks through {@link KerasGraph}. Cut points are the
 * Keras layers after which a single tensor carries everything forward, named as the layers; the
 * last, {@code pool}, is the input of the model's classifier (its trailing chain of Dense,
 * Dropout and activation layers). Inputs are channels-first RGB; a model that starts with its
 * own Rescaling or Normalization layer is fed 0–255 pixel values, any other model [0, 1] values
 * (TensorFlow.js's convention), unless {@code --normalize} says otherwise.
 */
public final class KerasGraphBackbone implements Architecture {

    /** The architecture name. */
    public static final String NAME = "keras";

    /** Layers that may form a classifier head after the features. */
    private static final Set<String> HEAD = Set.of("Dense", "Dropout", "Activation", "Softmax", "ReLU", "LeakyReLU", "AlphaDropout",
            "GaussianDropout", "GaussianNoise");

    /** Layers that preprocess the input inside the model. */
    private static final Set<String> PREPROCESSING = Set.of("Rescaling", "Normalization");

    /** Spatial side assumed where the model leaves its input size open. */
    private static final int DEFAULT_SIDE = 224;

    private final Path file;
    private final KerasGraph graph;
    private final ArchitectureSpec spec;

    private KerasGraphBackbone(Path file, KerasGraph graph) {
        this.file = file;
        this.graph = graph;
        this.spec = describe();
    }

    /**
     * Reads a Keras model file and rebuilds it.
     *
     * @param file a {@code .h5}, {@code .keras} or TF.js {@code model.json}
     * @return the backbone
     * @throws IOException if the file is missing
     * @throws WeightImportException if the file cannot be read, a layer cannot be rebuilt (named
     *     with its class and position), or the rebuilt network cannot run
     */
    public static KerasGraphBackbone open(Path file) throws IOException, WeightImportException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " does not exist; --arch " + NAME + " needs --weights pointing at a Keras .h5 / .keras file"
                    + " or a TF.js model.json.");
        }
        KerasModelFile model = KerasFiles.read(file);
        if (model.modelConfig() == null) {
            model = KerasApplications.withTopology(model);
        }
        KerasGraph graph = KerasGraph.of(model);
        if (graph.inputShape().length != 4 || graph.inputShape()[1] != 3) {
            throw new WeightImportException(file + ": the model's input is " + java.util.Arrays.toString(graph.inputShape())
                    + " (Graft's layout); --arch " + NAME + " needs an RGB image input [batch, height, width, 3].");
        }
        try {
            return new KerasGraphBackbone(file, graph);
        } catch (IllegalArgumentException e) {
            throw new WeightImportException(file + ": " + e.getMessage(), e);
        } catch (EngineException e) {
            throw new WeightImportException(file + ": the rebuilt network cannot run on a " + graph.inputShape(1, DEFAULT_SIDE) + " input: "
                    + e.getMessage().lines().findFirst().orElse("") + ".", e);
        }
    }

    private ArchitectureSpec describe() {
        int side = (int) graph.inputShape(1, DEFAULT_SIDE).get(2);
        List<CutPoint> cuts = graph.nodes().cutPoints(classifierSegment(), graph.inputShape(1, DEFAULT_SIDE));
        List<String> names = build(0).names();
        return new ArchitectureSpec(NAME, side, side, normalization(), cuts, names.get(0), names.get(names.size() - 1), 0);
    }

    /** The model's own preprocessing (Rescaling / Normalization first) takes 0–255 pixels; otherwise [0, 1] values. */
    private Normalization normalization() {
        boolean own = graph.calls().size() > 1 && PREPROCESSING.contains(graph.calls().get(1).className());
        float scale = own ? 1f / 255 : 1f;
        return new Normalization(new float[] {0, 0, 0}, new float[] {scale, scale, scale});
    }

    /**
     * The first segment of the classifier: the one after the segment ending at the classifier's
     * input, found by walking back from the output through head layers to the last Dense; the
     * segment count if the model ends without one.
     */
    private int classifierSegment() {
        Map<String, KerasLayerCall> byName = new HashMap<>();
        graph.calls().forEach(c -> byName.put(c.name(), c));
        KerasLayerCall call = byName.get(graph.output());
        String features = null;
        while (call != null && HEAD.contains(call.className()) && call.inputs().size() == 1) {
            if (call.className().equals("Dense")) {
                features = call.inputs().get(0);
            }
            call = byName.get(call.inputs().get(0));
        }
        int segments = graph.nodes().segmentCount();
        if (features == null) {
            return segments;
        }
        for (int s = 0; s < segments; s++) {
            List<Onnx.NodeProto> nodes = graph.nodes().segmentNodes(s);
            if (nodes.get(nodes.size() - 1).getName().equals(features)) {
                return s + 1;
            }
        }
        throw new IllegalArgumentException("the classifier's input '" + features + "' is not a point a single tensor passes.");
    }

    @Override
    public NamedSequential build(int numClasses) {
        return graph.build();
    }

    @Override
    public ArchitectureSpec spec() {
        return spec;
    }

    @Override
    public boolean selfContained() {
        return true;
    }

    @Override
    public boolean channelsLastReferences() {
        return true;
    }

    /** @return the model file the backbone was read from */
    public Path file() {
        return file;
    }

    /** @return the rebuilt graph */
    public KerasGraph graph() {
        return graph;
    }

    /**
     * The files the model is stored in: the file itself, and for a TF.js {@code model.json} its
     * weight shards, so a run can keep a copy that reopens alone.
     *
     * @return the files, the model file first
     * @throws IOException if the model.json cannot be read
     */
    public List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>(List.of(file));
        if (file.getFileName().toString().endsWith(".json")) {
            JsonNode manifest = new ObjectMapper().readTree(file.toFile()).path("weightsManifest");
            for (JsonNode group : manifest) {
                for (JsonNode shard : group.path("paths")) {
                    files.add(file.resolveSibling(shard.asText()));
                }
            }
        }
        return files;
    }
}
