package dev.graft.core.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Successive halving: many configurations trained for a few epochs; the best {@code 1/eta} of a
 * rung train again with {@code eta} times the epochs, until one is left or the budget reaches the
 * maximum. Promoted configurations restart from the pretrained weights with the larger budget, so
 * the learning-rate schedule spans their whole training.
 */
final class SuccessiveHalving implements Strategy {

    private final SearchSpace space;
    private final int trials;
    private final int minEpochs;
    private final int maxEpochs;
    private final int eta;
    private final long seed;
    private final boolean higherIsBetter;

    SuccessiveHalving(SearchSpace space, int trials, int minEpochs, int maxEpochs, int eta, long seed, boolean higherIsBetter) {
        if (eta < 2) {
            throw new IllegalArgumentException("eta must be at least 2, got " + eta);
        }
        if (minEpochs < 1 || minEpochs > maxEpochs) {
            throw new IllegalArgumentException("min-epochs must be in [1, epochs = " + maxEpochs + "], got " + minEpochs);
        }
        this.space = space;
        this.trials = trials;
        this.minEpochs = minEpochs;
        this.maxEpochs = maxEpochs;
        this.eta = eta;
        this.seed = seed;
        this.higherIsBetter = higherIsBetter;
    }

    @Override
    public List<Trial> next(List<TrialResult> finished) {
        List<Trial> next = new ArrayList<>();
        if (finished.isEmpty()) {
            Random random = new Random(seed);
            for (int i = 0; i < trials; i++) {
                next.add(new Trial(i + 1, 1, space.sample(random), minEpochs));
            }
            return next;
        }
        Trial last = finished.get(finished.size() - 1).trial();
        int rung = last.stage();
        List<TrialResult> current = finished.stream().filter(r -> r.trial().stage() == rung).toList();
        int epochs = Math.min(maxEpochs, last.epochs() * eta);
        if (current.size() <= 1 || last.epochs() >= maxEpochs) {
            return List.of();
        }
        int promoted = Math.max(1, current.size() / eta);
        for (TrialResult r : Strategy.ranked(current, higherIsBetter).subList(0, promoted)) {
            next.add(new Trial(finished.size() + next.size() + 1, rung + 1, r.trial().params(), epochs));
        }
        return next;
    }

    @Override
    public List<TrialResult> contenders(List<TrialResult> results) {
        int lastRung = results.stream().mapToInt(r -> r.trial().stage()).max().orElse(1);
        return results.stream().filter(r -> r.trial().stage() >= lastRung).toList();
    }
}
