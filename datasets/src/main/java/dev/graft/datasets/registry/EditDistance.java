package dev.graft.datasets.registry;

/** Levenshtein distance between names, for suggesting the nearest known name. */
public final class EditDistance {

    private EditDistance() {}

    /**
     * Counts the single-character insertions, deletions and substitutions turning one name into another.
     *
     * @param a one name
     * @param b the other
     * @return the distance
     */
    public static int between(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
