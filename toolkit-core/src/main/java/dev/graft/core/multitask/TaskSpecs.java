package dev.graft.core.multitask;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@code tasks} list of a tasks file or config section:
 *
 * <pre>
 * tasks:
 *   - {name: diagnosis, column: label, kind: binary, role: main}
 *   - {name: asymmetry, column: asymmetry, kind: multiclass, role: auxiliary, weight: 0.5}
 * </pre>
 *
 * Exactly one task is main; names are unique.
 */
public final class TaskSpecs {

    private static final Set<String> KEYS = Set.of("name", "column", "kind", "role", "weight");

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
                if (!KEYS.contains(k)) {
                    throw new IllegalArgumentException(where + ": unknown field '" + k + "'; fields are " + KEYS + ".");
                }
            });
            try {
                TaskSpec spec = new TaskSpec(t.path("name").asText(null), t.path("column").asText(null), t.path("kind").asText("multiclass"),
                        t.path("role").asText("auxiliary"), t.path("weight").asDouble(1.0));
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
}
