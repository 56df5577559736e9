package dev.graft.core.multitask;

import java.util.Map;
import java.util.Set;

/**
 * One task of a multi-task run.
 *
 * @param name the task's name
 * @param column the manifest column holding its labels (an empty cell is a missing label)
 * @param kind {@code multiclass}, {@code binary} or {@code regression} (a number per image;
 *     auxiliary tasks only)
 * @param role {@code main} (drives model selection) or {@code auxiliary} (trained, never selects)
 * @param weight its fixed loss weight
 * @param patience epochs without improvement after which an auxiliary task stops training (its
 *     head frozen); -1 for the run's {@code --patience}, 0 never
 * @param classWeights loss and error weight per class name (classes not named weigh 1)
 * @param metric the validation metric an auxiliary task's early stopping watches, or {@code null}
 *     for the run's {@code --metric} (the main task always uses the run's)
 * @param notInvariantTo augmentation operations that would change this task's labels (e.g.
 *     {@code hflip} for a left/right body site); a run whose {@code --augment} applies one is refused
 */
public record TaskSpec(String name, String column, String kind, String role, double weight, int patience,
        Map<String, Float> classWeights, String metric, Set<String> notInvariantTo) {

    private static final Set<String> METRICS = Set.of("accuracy", "balanced_accuracy", "macro_f1", "auc", "weighted_error", "loss");

    private static final Set<String> KINDS = Set.of("multiclass", "binary", "regression");
    private static final Set<String> ROLES = Set.of("main", "auxiliary");

    /**
     * Writes the task as a tasks file holds it (kebab-case keys, absent values left out).
     *
     * @return the mapping, in file order
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("name", name);
        if (column != null) {
            m.put("column", column);
        }
        m.put("kind", kind);
        m.put("role", role);
        m.put("weight", weight);
        m.put("patience", patience);
        if (!classWeights.isEmpty()) {
            m.put("class-weights", new java.util.TreeMap<>(classWeights));
        }
        if (metric != null) {
            m.put("metric", metric);
        }
        if (!notInvariantTo.isEmpty()) {
            m.put("not-invariant-to", new java.util.TreeSet<>(notInvariantTo));
        }
        return m;
    }

    /** Checks the values. */
    public TaskSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a task needs a name");
        }
        if (!name.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("task '" + name + "': a name may hold letters, digits, '_' and '-' only");
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
        if (patience < -1) {
            throw new IllegalArgumentException("task '" + name + "': patience must be >= 0, got " + patience);
        }
        column = column == null || column.isBlank() ? name : column;
        classWeights = classWeights == null ? Map.of() : Map.copyOf(classWeights);
        notInvariantTo = notInvariantTo == null ? Set.of() : Set.copyOf(notInvariantTo);
        Set<String> metrics = kind.equals("regression") ? dev.graft.core.metric.RegressionReport.METRICS : METRICS;
        if (metric != null && !metrics.contains(metric)) {
            throw new IllegalArgumentException("task '" + name + "': metric must be one of " + new java.util.TreeSet<>(metrics)
                    + ", got '" + metric + "'");
        }
        if (kind.equals("regression") && role.equals("main")) {
            throw new IllegalArgumentException("task '" + name + "': the main task must be a classification task "
                    + "(multiclass or binary); regression tasks are auxiliary");
        }
        if (kind.equals("regression") && !classWeights.isEmpty()) {
            throw new IllegalArgumentException("task '" + name + "': class-weights apply to classification tasks, not regression");
        }
    }

    /**
     * A task with the defaults: weight 1, the run's patience, no class weights.
     *
     * @param name the name
     * @param column the column
     * @param kind the kind
     * @param role the role
     * @param weight the loss weight
     */
    public TaskSpec(String name, String column, String kind, String role, double weight) {
        this(name, column, kind, role, weight, -1, Map.of(), null, Set.of());
    }

    /**
     * A task with every option but augmentation invariance.
     *
     * @param name the name
     * @param column the column
     * @param kind the kind
     * @param role the role
     * @param weight the loss weight
     * @param patience the early-stopping patience, -1 for the run's
     * @param classWeights the class weights
     * @param metric the early-stopping metric, or {@code null}
     */
    public TaskSpec(String name, String column, String kind, String role, double weight, int patience,
            Map<String, Float> classWeights, String metric) {
        this(name, column, kind, role, weight, patience, classWeights, metric, Set.of());
    }

    /** @return whether this task predicts a number rather than a class */
    public boolean regression() {
        return kind.equals("regression");
    }

    /** @return whether this task selects checkpoints and drives early stopping */
    public boolean main() {
        return role.equals("main");
    }
}
