package dev.graft.core.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random search, optionally coarse to fine: each stage samples its share of the trials from the
 * current space, then the space is zoomed around the best {@code keep} fraction of everything
 * run so far. With one stage it is plain random search.
 *
 * @param initial the space the first stage samples from
 * @param trials trials in all
 * @param stages stages (1 for plain random search)
 * @param keep the share of the best trials a stage zooms around
 * @param seed the sampling seed
 * @param epochs each trial's epochs
 * @param higherIsBetter the metric's direction
 */
record RandomSearch(SearchSpace initial, int trials, int stages, double keep, long seed, int epochs, boolean higherIsBetter) implements Strategy {

    /** Checks the settings. */
    RandomSearch {
        if (stages < 1 || stages > trials) {
            throw new IllegalArgumentException("stages must be in [1, trials], got " + stages);
        }
        if (!(keep > 0 && keep <= 1)) {
            throw new IllegalArgumentException("keep must be in (0, 1], got " + keep);
        }
    }

    @Override
    public List<Trial> next(List<TrialResult> finished) {
        int stage = finished.isEmpty() ? 1 : finished.get(finished.size() - 1).trial().stage() + 1;
        if (stage > stages) {
            return List.of();
        }
        SearchSpace space = spaceFor(stage, finished);
        Random random = new Random(seed * 7919 + stage);
        int count = trials / stages + (stage <= trials % stages ? 1 : 0);
        List<Trial> next = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            next.add(new Trial(finished.size() + i + 1, stage, space.sample(random), epochs));
        }
        return next;
    }

    /**
     * The space a stage samples from: the initial one, zoomed once per earlier stage.
     *
     * @param stage the stage
     * @param finished the trials of earlier stages
     * @return the space
     */
    SearchSpace spaceFor(int stage, List<TrialResult> finished) {
        SearchSpace space = initial;
        for (int s = 2; s <= stage; s++) {
            int before = s;
            List<TrialResult> earlier = finished.stream().filter(r -> r.trial().stage() < before).toList();
            int best = Math.max(1, (int) Math.ceil(keep * earlier.size()));
            space = space.zoom(Strategy.ranked(earlier, higherIsBetter).stream().limit(best).map(r -> r.trial().params()).toList());
        }
        return space;
    }
}
