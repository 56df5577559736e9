package dev.graft.core.multitask;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@code tasks} list of a tasks file or config section:
 *
 * <pre>
 * tasks:
 *   - {name: diagnosis, column: label, kind: binary, role: main}
 *   - {name: asymmetry, column: asymmetry, kind: multiclass, role: auxiliary, weight: 0.5, patience: 3}
 * </pre>
 *
 * Exactly one task is main; names are unique.
 */
public final class TaskSpecs {

    private static final Set<String> KEYS = Set.of("name", "column", "kind", "role", "weight", "patience", "class-weights", "metric", "not-invariant-to");

    private TaskSpecs() {}

    /**
     * Parses tasks.
     *
     * @param root a mapping with a {@code tasks} list, or the list itself
     * @param origin the file, for messages
     * @return the tasks, in file order
     * @throws IllegalArgumentException naming the task and field at fault
     */
    public static List<TaskSpec> parse(JsonNode root, String origin) {
        JsonNode list = root.isArray() ? root : root.path("tasks");
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException(origin + ": expected a 'tasks' list, e.g. tasks: [{name: diagnosis, column: label, role: main}]");
        }
        List<TaskSpec> tasks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode t = list.get(i);
            String where = origin + ": task " + (i + 1);
            t.fieldNames().forEachRemaining(k -> {
                if (!KEYS.contains(k.replace('_', '-'))) {
                    throw new IllegalArgumentException(where + ": unknown field '" + k + "'; fields are " + new java.util.TreeSet<>(KEYS) + ".");
                }
            });
            try {
                TaskSpec spec = new TaskSpec(t.path("name").asText(null), t.path("column").asText(null), t.path("kind").asText("multiclass"),
                        t.path("role").asText("auxiliary"), number(t.path("weight"), 1.0, "weight"), (int) number(t.path("patience"), -1, "patience"),
                        classWeights(t.has("class-weights") ? t.path("class-weights") : t.path("class_weights")), t.path("metric").asText(null),
                        operations(t.has("not-invariant-to") ? t.path("not-invariant-to") : t.path("not_invariant_to")));
                if (!names.add(spec.name())) {
                    throw new IllegalArgumentException("task name '" + spec.name() + "' is used twice");
                }
                tasks.add(spec);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        long mains = tasks.stream().filter(TaskSpec::main).count();
        if (mains != 1) {
            throw new IllegalArgumentException(origin + ": exactly one task must have role: main, found " + mains + ".");
        }
        return tasks;
    }

    private static double number(JsonNode value, double fallback, String field) {
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number, got '" + value.asText() + "'");
        }
        return value.asDouble();
    }

    private static Set<String> operations(JsonNode node) {
        Set<String> operations = new HashSet<>();
        if (node.isArray()) {
            node.forEach(o -> operations.add(o.asText()));
        } else if (!node.isMissingNode() && !node.isNull()) {
            operations.addAll(List.of(node.asText().split(",")));
        }
        return operations;
    }

    private static Map<String, Float> classWeights(JsonNode node) {
        Map<String, Float> weights = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return weights;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("class-weights must map class names to weights, e.g. {melanoma: 10}");
        }
        node.fields().forEachRemaining(e -> weights.put(e.getKey(), (float) number(e.getValue(), 1, "class weight of " + e.getKey())));
        return weights;
    }
}
