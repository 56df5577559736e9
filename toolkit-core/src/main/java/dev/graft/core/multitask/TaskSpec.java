package dev.graft.core.multitask;

import java.util.Set;

/**
 * One task of a multi-task run.
 *
 * @param name the task's name
 * @param column the manifest column holding its labels (an empty cell is a missing label)
 * @param kind {@code multiclass} or {@code binary}
 * @param role {@code main} (drives model selection) or {@code auxiliary} (trained, never selects)
 * @param weight its fixed loss weight
 */
public record TaskSpec(String name, String column, String kind, String role, double weight) {

    private static final Set<String> KINDS = Set.of("multiclass", "binary");
    private static final Set<String> ROLES = Set.of("main", "auxiliary");

    /** Checks the values. */
    public TaskSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a task needs a name");
        }
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("task '" + name + "': kind must be one of " + KINDS + ", got '" + kind + "'");
        }
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("task '" + name + "': role must be main or auxiliary, got '" + role + "'");
        }
        if (!(weight >= 0)) {
            throw new IllegalArgumentException("task '" + name + "': the loss weight must be >= 0, got " + weight);
        }
        column = column == null || column.isBlank() ? name : column;
    }

    /** @return whether this task selects checkpoints and drives early stopping */
    public boolean main() {
        return role.equals("main");
    }
}
