package dev.graft.zoo.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.datasets.io.Npy;
import dev.graft.zoo.arch.Networks;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.weights.WeightImportException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The transfer-learning shape Keras users save: a backbone model nested in a Sequential with a
 * new head. Written here from {@code cnn_batch_norm.h5} (its conv/BN/flatten layers become a
 * nested Functional model, its Dense the outer head), in Keras 2's and Keras 3's config forms,
 * with the file's own weights: the nested model reproduces the flat model's Keras outputs.
 */
class KerasNestedModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "Keras {0} config")
    @ValueSource(ints = {2, 3})
    void backboneNestedInASequentialWithAHead_matchesTheFlatModel(int kerasMajor) throws Exception {
        KerasModelFile flat = KerasFiles.read(KerasAssets.require("keras_h5_layers/fullconfigs/cnn/cnn_batch_norm.h5"));
        JsonNode nested = nestedConfig(flat.modelConfig(), kerasMajor);
        KerasModelFile model = new KerasModelFile(flat.file(), flat.format(), kerasMajor == 3 ? "3.3.3" : flat.kerasVersion(), nested,
                flat.weightsByLayer());
        KerasGraph graph = KerasGraph.of(model);
        assertEquals(List.of("outer_input", "conv2d_1", "batch_normalization_1", "activation_1", "conv2d_2", "flatten_1", "dense_1"),
                graph.calls().stream().map(KerasLayerCall::name).toList(), "nested layers joined the outer graph");
        assertEquals("backbone/conv2d_1", graph.calls().get(1).path());
        Path reference = KerasAssets.require("keras_h5_layers/reference/cnn_batch_norm");
        NamedSequential network = graph.build();
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray x = KerasGraphLayersTest.channelsFirst(manager, Npy.read(reference.resolve("input_0.npy")));
            Networks.initialize(network, manager, x.getShape());
            double diff = KerasGraphLayersTest.maxAbsDiff(network, manager, x, reference.resolve("output_0.npy"));
            System.out.printf("nested (Keras %d config) rel_diff=%.3e%n", kerasMajor, diff);
            assertTrue(diff <= 1e-4, "max_abs_diff " + diff);
        }
    }

    @Test
    void lambdaLayer_isRefusedByNameClassAndPosition() throws Exception {
        KerasModelFile flat = KerasFiles.read(KerasAssets.require("keras_h5_layers/fullconfigs/cnn/cnn_batch_norm.h5"));
        ObjectNode config = (ObjectNode) nestedConfig(flat.modelConfig(), 2);
        ArrayNode outer = (ArrayNode) config.path("config").path("layers");
        outer.insert(2, JSON.readTree("{\"class_name\": \"Lambda\", \"config\": {\"name\": \"scale_by_two\", \"function\": \"x * 2\"}}"));
        KerasModelFile model = new KerasModelFile(flat.file(), flat.format(), flat.kerasVersion(), config, flat.weightsByLayer());
        WeightImportException e = assertThrows(WeightImportException.class, () -> KerasGraph.of(model));
        assertTrue(e.getMessage().contains("layer 'scale_by_two' (Lambda, position 6)"), e.getMessage());
        assertTrue(e.getMessage().contains("Python code"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    /**
     * The flat Sequential's layers but the last as a Functional model named {@code backbone}, inside
     * a Sequential with an input layer and the last (Dense) layer as its head.
     */
    static JsonNode nestedConfig(JsonNode flatSequential, int kerasMajor) {
        JsonNode layers = flatSequential.path("config").isArray() ? flatSequential.path("config") : flatSequential.path("config").path("layers");
        ArrayNode inner = JSON.createArrayNode();
        JsonNode first = layers.get(0).path("config");
        ArrayNode shape = (ArrayNode) first.path("batch_input_shape");
        ObjectNode input = JSON.createObjectNode().put("class_name", "InputLayer").put("name", "backbone_input");
        input.set("config", JSON.createObjectNode().put("name", "backbone_input").set(kerasMajor == 3 ? "batch_shape" : "batch_input_shape", shape));
        input.set("inbound_nodes", JSON.createArrayNode());
        inner.add(input);
        String previous = "backbone_input";
        for (int i = 0; i < layers.size() - 1; i++) {
            ObjectNode layer = layers.get(i).deepCopy();
            String name = layer.path("config").path("name").asText();
            ((ObjectNode) layer.get("config")).remove("batch_input_shape");
            layer.put("name", name);
            layer.set("inbound_nodes", inbound(previous, kerasMajor));
            inner.add(layer);
            previous = name;
        }
        ObjectNode functionalConfig = JSON.createObjectNode().put("name", "backbone");
        functionalConfig.set("layers", inner);
        functionalConfig.set("input_layers", kerasMajor == 3 ? JSON.createArrayNode().add("backbone_input").add(0).add(0)
                : JSON.createArrayNode().add(JSON.createArrayNode().add("backbone_input").add(0).add(0)));
        functionalConfig.set("output_layers", JSON.createArrayNode().add(JSON.createArrayNode().add(previous).add(0).add(0)));
        ObjectNode functional = JSON.createObjectNode().put("class_name", kerasMajor == 3 ? "Functional" : "Model").put("name", "backbone");
        functional.set("config", functionalConfig);
        ObjectNode outerInput = JSON.createObjectNode().put("class_name", "InputLayer");
        outerInput.set("config", JSON.createObjectNode().put("name", "outer_input").set(kerasMajor == 3 ? "batch_shape" : "batch_input_shape", shape));
        ArrayNode outer = JSON.createArrayNode().add(outerInput).add(functional).add(layers.get(layers.size() - 1).deepCopy());
        ObjectNode sequentialConfig = JSON.createObjectNode().put("name", "with_head");
        sequentialConfig.set("layers", outer);
        ObjectNode sequential = JSON.createObjectNode().put("class_name", "Sequential");
        sequential.set("config", sequentialConfig);
        return sequential;
    }

    /** One call of a layer on another's output: Keras 2's {@code [[[name, 0, 0, {}]]]} or Keras 3's {@code args} with {@code keras_history}. */
    private static ArrayNode inbound(String from, int kerasMajor) {
        if (kerasMajor == 3) {
            ObjectNode tensor = JSON.createObjectNode().put("class_name", "__keras_tensor__");
            tensor.set("config", JSON.createObjectNode().set("keras_history", JSON.createArrayNode().add(from).add(0).add(0)));
            ObjectNode call = JSON.createObjectNode();
            call.set("args", JSON.createArrayNode().add(tensor));
            call.set("kwargs", JSON.createObjectNode());
            return JSON.createArrayNode().add(call);
        }
        return JSON.createArrayNode().add(JSON.createArrayNode().add(JSON.createArrayNode().add(from).add(0).add(0).add(JSON.createObjectNode())));
    }
}
