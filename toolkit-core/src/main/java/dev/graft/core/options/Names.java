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
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
