package dev.graft.zoo.weights;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named tensors read from one weight file, in file order, with a note of where they came from.
 *
 * @param source the file or URL, for messages
 * @param tensors the tensors by name
 * @param namesAreMeaningful false when names are generated (e.g. ONNX files from other
 *     frameworks) and tensors may be matched by order instead
 */
public record StateDict(String source, Map<String, TensorData> tensors, boolean namesAreMeaningful) {

    /** Copies the map, keeping its order. */
    public StateDict {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }
}
