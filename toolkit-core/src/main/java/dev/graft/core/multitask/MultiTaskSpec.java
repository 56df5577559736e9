package dev.graft.core.multitask;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * A multi-task run's tasks and how they share the network, read from a tasks file (or the
 * {@code tasks} section of a config):
 *
 * <pre>
 * sharing: soft            # hard (default): one trunk, a head per task; soft: a trunk per task
 * hard-until: stage3       # soft only: modules up to this cut point stay one shared copy (default: the frozen part)
 * soft-until: stage4       # soft only: per-task copies up to here are pulled together; deeper ones are private (default: the cut)
 * soft-lambda: 0.01        # the strength λ of the penalty λ·Σ‖θᵢ − θⱼ‖²
 * loss-weighting: fixed    # fixed (each task's weight) or uncertainty (learned, Kendall et al. 2018)
 * tasks:
 *   - {name: diagnosis, column: label, kind: binary, role: main}
 *   - {name: asymmetry, kind: multiclass, weight: 0.5}
 * </pre>
 *
 * @param tasks the tasks, main first or not, in file order
 * @param sharing {@code hard} or {@code soft}
 * @param hardUntil the cut point ending the hard-shared part, or {@code null} for the frozen part
 * @param softUntil the cut point ending the soft-shared part, or {@code null} for the cut
 * @param softLambda the soft-sharing penalty strength λ
 * @param lossWeighting {@code fixed} or {@code uncertainty}
 */
public record MultiTaskSpec(List<TaskSpec> tasks, String sharing, String hardUntil, String softUntil, double softLambda,
        String lossWeighting) {

    private static final Set<String> KEYS = Set.of("tasks", "sharing", "hard-until", "soft-until", "soft-lambda", "loss-weighting");

    /** Checks the values. */
    public MultiTaskSpec {
        tasks = List.copyOf(tasks);
        if (!sharing.equals("hard") && !sharing.equals("soft")) {
            throw new IllegalArgumentException("sharing must be hard or soft, got '" + sharing + "'");
        }
        if (!lossWeighting.equals("fixed") && !lossWeighting.equals("uncertainty")) {
            throw new IllegalArgumentException("loss-weighting must be fixed or uncertainty, got '" + lossWeighting + "'");
        }
        if (!(softLambda >= 0)) {
            throw new IllegalArgumentException("soft-lambda must be >= 0, got " + softLambda);
        }
        if (tasks.stream().anyMatch(t -> t.main() && t.weight() == 0)) {
            throw new IllegalArgumentException("the main task's loss weight must be above 0");
        }
        if (sharing.equals("hard") && (hardUntil != null || softUntil != null)) {
            throw new IllegalArgumentException("hard-until and soft-until apply to sharing: soft only");
        }
    }

    /**
     * Parses a tasks file's root: a mapping with a {@code tasks} list and the sharing options, or
     * just the list.
     *
     * @param root the parsed file
     * @param origin the file, for messages
     * @return the spec
     * @throws IllegalArgumentException naming the file and what is wrong
     */
    public static MultiTaskSpec parse(JsonNode root, String origin) {
        List<TaskSpec> tasks = TaskSpecs.parse(root, origin);
        if (root.isArray()) {
            return new MultiTaskSpec(tasks, "hard", null, null, 0, "fixed");
        }
        root.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k.replace('_', '-'))) {
                throw new IllegalArgumentException(origin + ": unknown key '" + k + "'; the keys are " + new java.util.TreeSet<>(KEYS) + ".");
            }
        });
        try {
            return new MultiTaskSpec(tasks, text(root, "sharing", "hard"), text(root, "hard-until", null), text(root, "soft-until", null),
                    root.has("soft-lambda") ? root.path("soft-lambda").asDouble() : root.path("soft_lambda").asDouble(0.01),
                    text(root, "loss-weighting", "fixed"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode root, String key, String fallback) {
        JsonNode node = root.has(key) ? root.path(key) : root.path(key.replace('-', '_'));
        return node.isMissingNode() || node.isNull() ? fallback : node.asText();
    }

    /**
     * Writes the spec as a tasks file holds it (kebab-case keys), so {@link #parse} reads it back.
     *
     * @return the mapping, in file order
     */
    public java.util.Map<String, Object> toMap() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("sharing", sharing);
        if (hardUntil != null) {
            m.put("hard-until", hardUntil);
        }
        if (softUntil != null) {
            m.put("soft-until", softUntil);
        }
        m.put("soft-lambda", softLambda);
        m.put("loss-weighting", lossWeighting);
        m.put("tasks", tasks.stream().map(TaskSpec::toMap).toList());
        return m;
    }

    /** @return the main task */
    public TaskSpec mainTask() {
        return tasks.stream().filter(TaskSpec::main).findFirst().orElseThrow();
    }

    /** @return whether each task has its own copy of the trainable trunk */
    public boolean soft() {
        return sharing.equals("soft");
    }

    /** @return whether the tasks' loss weights are learned */
    public boolean uncertainty() {
        return lossWeighting.equals("uncertainty");
    }
}
