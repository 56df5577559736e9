package dev.graft.zoo.weights;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.graft.zoo.nn.TorchNames;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies a {@link StateDict} into a network's parameters, strictly: every parameter must be
 * found with the right shape and every file tensor must be used (BatchNorm's {@code
 * num_batches_tracked} counters and skipped prefixes aside), or nothing is copied and the error
 * lists what is missing, unexpected or mis-shaped. Tensors are matched by name; if no name
 * matches at all (an ONNX file with generated names), by order, with shapes checked.
 */
public final class WeightLoader {

    private static final int LISTED = 8;

    private WeightLoader() {}

    /**
     * Loads every tensor of a file into an initialised network.
     *
     * @param network the network, its parameters initialised
     * @param weights the tensors
     * @return what was loaded
     * @throws WeightImportException listing mismatches; nothing was copied
     */
    public static ImportReport load(Block network, StateDict weights) throws WeightImportException {
        return load(network, weights, Set.of());
    }

    /**
     * Loads a file into an initialised network, leaving parameters under some prefixes alone
     * (e.g. a classifier being replaced by a new head).
     *
     * @param network the network, its parameters initialised
     * @param weights the tensors
     * @param skipPrefixes module names whose parameters are neither required nor loaded, e.g.
     *     {@code fc}
     * @return what was loaded and what was ignored
     * @throws WeightImportException listing mismatches; nothing was copied
     */
    public static ImportReport load(Block network, StateDict weights, Set<String> skipPrefixes)
            throws WeightImportException {
        Map<String, Parameter> parameters = new LinkedHashMap<>();
        TorchNames.of(network).forEach((name, p) -> {
            if (!skipped(name, skipPrefixes)) {
                parameters.put(name, p);
            }
        });
        List<String> ignored = new ArrayList<>();
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        weights.tensors().forEach((name, t) -> {
            if (name.endsWith("num_batches_tracked") || skipped(name, skipPrefixes)) {
                ignored.add(name);
            } else {
                tensors.put(name, t);
            }
        });
        boolean anyNameMatches = tensors.keySet().stream().anyMatch(parameters::containsKey);
        Map<Parameter, TensorData> plan;
        String matching;
        if (anyNameMatches || !weights.namesAreMeaningful() && tensors.size() != parameters.size()) {
            plan = matchByName(parameters, tensors, weights.source());
            matching = "by name";
        } else {
            plan = matchByOrder(parameters, tensors, weights.source());
            matching = "by graph order";
        }
        for (Map.Entry<Parameter, TensorData> entry : plan.entrySet()) {
            entry.getKey().getArray().set(FloatBuffer.wrap(entry.getValue().values()));
        }
        return new ImportReport(weights.source(), plan.size(), ignored, matching);
    }

    private static boolean skipped(String name, Set<String> prefixes) {
        return prefixes.stream().anyMatch(p -> name.equals(p) || name.startsWith(p + "."));
    }

    private static Map<Parameter, TensorData> matchByName(
            Map<String, Parameter> parameters, Map<String, TensorData> tensors, String source)
            throws WeightImportException {
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        Map<Parameter, TensorData> plan = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            TensorData tensor = tensors.get(entry.getKey());
            if (tensor == null) {
                missing.add(entry.getKey());
            } else if (!sameShape(entry.getValue(), tensor)) {
                mismatched.add(shapeMessage(entry.getKey(), entry.getValue(), tensor, source));
            } else {
                plan.put(entry.getValue(), tensor);
            }
        }
        List<String> unexpected =
                tensors.keySet().stream().filter(n -> !parameters.containsKey(n)).toList();
        if (!missing.isEmpty() || !mismatched.isEmpty() || !unexpected.isEmpty()) {
            StringBuilder message = new StringBuilder(source).append(" does not fit the network; nothing was loaded.");
            append(message, "shape mismatches", mismatched);
            append(message, "missing from the file", missing);
            append(message, "in the file but not in the network", unexpected);
            message.append(
                    "\nCheck that the weights were made for this architecture and cut; to replace the classifier,"
                            + " load without it (a new head is initialised instead).");
            throw new WeightImportException(message.toString());
        }
        return plan;
    }

    private static Map<Parameter, TensorData> matchByOrder(
            Map<String, Parameter> parameters, Map<String, TensorData> tensors, String source)
            throws WeightImportException {
        if (parameters.size() != tensors.size()) {
            throw new WeightImportException(
                    String.format(
                            "%s: no tensor name matches the network, and matching by graph order needs"
                                    + " as many tensors (%d) as parameters (%d); nothing was loaded."
                                    + " A file with BatchNorm folded into convolutions cannot fill a"
                                    + " network with BatchNorm layers.",
                            source, tensors.size(), parameters.size()));
        }
        Map<Parameter, TensorData> plan = new LinkedHashMap<>();
        var names = new ArrayList<>(tensors.keySet());
        int i = 0;
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            TensorData tensor = tensors.get(names.get(i));
            if (!sameShape(entry.getValue(), tensor)) {
                throw new WeightImportException(
                        source + ": matching by graph order failed at tensor " + i + " ('" + names.get(i)
                                + "' for " + entry.getKey() + "): "
                                + shapeMessage(entry.getKey(), entry.getValue(), tensor, source)
                                + "; nothing was loaded.");
            }
            plan.put(entry.getValue(), tensor);
            i++;
        }
        return plan;
    }

    private static boolean sameShape(Parameter parameter, TensorData tensor) {
        return Arrays.equals(parameter.getArray().getShape().getShape(), tensor.shape());
    }

    private static String shapeMessage(String name, Parameter parameter, TensorData tensor, String source) {
        Shape want = parameter.getArray().getShape();
        return name + " is " + tensor.shapeText() + " in " + fileName(source) + ", the network wants "
                + Arrays.toString(want.getShape());
    }

    private static String fileName(String source) {
        int slash = source.lastIndexOf('/');
        return slash >= 0 ? source.substring(slash + 1) : source;
    }

    private static void append(StringBuilder message, String what, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        message.append("\n  ").append(what).append(" (").append(names.size()).append("): ");
        message.append(String.join(", ", names.subList(0, Math.min(LISTED, names.size()))));
        if (names.size() > LISTED) {
            message.append(", …");
        }
    }
}
