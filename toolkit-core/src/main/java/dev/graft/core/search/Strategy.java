package dev.graft.core.search;

import java.util.List;

/**
 * Proposes trials round by round from what earlier rounds gave. Implementations are
 * deterministic for a seed, so an interrupted search proposes the same trials when resumed.
 */
public interface Strategy {

    /**
     * Proposes the next round.
     *
     * @param finished every trial run so far, in order
     * @return the next trials, empty when the search is over
     */
    List<Trial> next(List<TrialResult> finished);

    /**
     * The trials the best is picked from; successive halving keeps those that reached the last rung.
     *
     * @param results every trial
     * @return the contenders, by default all of them
     */
    default List<TrialResult> contenders(List<TrialResult> results) {
        return results;
    }

    /**
     * Ranks results best first: higher (or lower) scores first, trials that failed last.
     *
     * @param results the results
     * @param higherIsBetter the metric's direction
     * @return a sorted copy
     */
    static List<TrialResult> ranked(List<TrialResult> results, boolean higherIsBetter) {
        return results.stream().sorted((a, b) -> {
            if (a.ok() != b.ok() || Double.isNaN(a.value()) != Double.isNaN(b.value())) {
                return a.ok() && !Double.isNaN(a.value()) ? -1 : 1;
            }
            int c = Double.compare(a.value(), b.value());
            return higherIsBetter ? -c : c;
        }).toList();
    }
}
