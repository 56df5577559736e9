package dev.graft.core.search;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One configuration to train. Ids are unique within a search; a configuration that successive
 * halving promotes to the next rung becomes a new trial with a bigger budget.
 *
 * @param id the trial number, from 1
 * @param stage the coarse-to-fine stage or halving rung, from 1
 * @param params option values by name
 * @param epochs the epoch budget
 */
public record Trial(int id, int stage, Map<String, String> params, int epochs) {

    /** Keeps the parameter order. */
    public Trial {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** @return the trial's folder name, e.g. {@code trial-007} */
    public String folder() {
        return String.format(Locale.ROOT, "trial-%03d", id);
    }
}
