package dev.graft.zoo.keras;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One layer of a Keras model applied once, after nested models are flattened into one graph.
 *
 * @param name the layer's unique name in the flattened graph: its own name, or {@code
 *     outer/inner} when a nested model's layer shares its name with an earlier one
 * @param path the layer's path through nested models ({@code outer/inner}), for its weights
 * @param className the Keras class, e.g. {@code Conv2D}
 * @param config the layer's {@code config} object
 * @param inputs the tensors it reads, by the name of the call that made each
 * @param position its index in the flattened graph, for messages
 */
public record KerasLayerCall(String name, String path, String className, JsonNode config, List<String> inputs, int position) {

    /** Copies the inputs. */
    public KerasLayerCall {
        inputs = List.copyOf(inputs);
    }

    /**
     * Describes the layer for messages.
     *
     * @return e.g. {@code layer 'lambda_1' (Lambda, position 3)}
     */
    public String describe() {
        return "layer '" + name + "' (" + className + ", position " + position + ")";
    }
}
