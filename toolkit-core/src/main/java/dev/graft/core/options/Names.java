package dev.graft.core.options;

import java.util.Collection;
import java.util.Comparator;

/** Suggests the nearest known name for a mistyped one. */
final class Names {

    private Names() {}

    /**
     * The closest name by edit distance, as a clause for a message.
     *
     * @param name the unknown name
     * @param known the known names
     * @return {@code "; did you mean 'x'?"} or {@code ""} when nothing is close
     */
    static String nearest(String name, Collection<String> known) {
        return known.stream().min(Comparator.comparingInt((String k) -> distance(name, k)).thenComparing(k -> k))
                .filter(k -> distance(name, k) <= Math.max(2, name.length() / 3))
                .map(k -> " (did you mean '" + k + "'?)").orElse("");
    }

    private static int distance(String a, String b) {
        return dev.graft.datasets.registry.EditDistance.between(a.toLowerCase(java.util.Locale.ROOT), b.toLowerCase(java.util.Locale.ROOT));
    }
}
