package dev.graft.core.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The searched options, in declaration order, each with its {@link Dimension}.
 *
 * @param dimensions the dimensions by option name
 */
public record SearchSpace(Map<String, Dimension> dimensions) {

    /** Keeps the declaration order. */
    public SearchSpace {
        if (dimensions.isEmpty()) {
            throw new IllegalArgumentException("the search space is empty; name at least one option under 'space'.");
        }
        dimensions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
    }

    /** @return the option names */
    public List<String> names() {
        return List.copyOf(dimensions.keySet());
    }

    /**
     * Draws one value per dimension.
     *
     * @param random the generator
     * @return option values by name
     */
    public Map<String, String> sample(Random random) {
        Map<String, String> values = new LinkedHashMap<>();
        dimensions.forEach((name, d) -> values.put(name, d.sample(random)));
        return values;
    }

    /**
     * Lists every combination of the dimensions' grid values.
     *
     * @param points values per numeric range
     * @return the combinations
     */
    public List<Map<String, String>> grid(int points) {
        List<Map<String, String>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>());
        for (Map.Entry<String, Dimension> d : dimensions.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : combinations) {
                for (String value : d.getValue().grid(points)) {
                    Map<String, String> extended = new LinkedHashMap<>(partial);
                    extended.put(d.getKey(), value);
                    next.add(extended);
                }
            }
            combinations = next;
        }
        return combinations;
    }

    /**
     * Narrows every dimension around the best trials' values.
     *
     * @param best the best trials' option values
     * @return the narrower space
     */
    public SearchSpace zoom(List<Map<String, String>> best) {
        Map<String, Dimension> zoomed = new LinkedHashMap<>();
        dimensions.forEach((name, d) -> zoomed.put(name, d.zoom(best.stream().map(v -> v.get(name)).toList())));
        return new SearchSpace(zoomed);
    }
}
