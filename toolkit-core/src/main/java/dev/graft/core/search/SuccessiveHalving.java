package dev.graft.core.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Successive halving: many configurations trained for a few epochs; the best {@code 1/eta} of a
 * rung train again with {@code eta} times the epochs, until one is left or the budget reaches the
 * maximum. Promoted configurations restart from the pretrained weights with the larger budget, so
 * the learning-rate schedule spans their whole training.
 *
 * @param space the space configurations are sampled from
 * @param trials configurations in the first rung
 * @param minEpochs the first rung's epochs
 * @param maxEpochs the largest budget
 * @param eta the reduction factor between rungs
 * @param seed the sampling seed
 * @param higherIsBetter the metric's direction
 */
record SuccessiveHalving(SearchSpace space, int trials, int minEpochs, int maxEpochs, int eta, long seed, boolean higherIsBetter) implements Strategy {

    /** Checks the settings. */
    SuccessiveHalving {
        if (eta < 2) {
            throw new IllegalArgumentException("eta must be at least 2, got " + eta);
        }
        if (minEpochs < 1 || minEpochs > maxEpochs) {
            throw new IllegalArgumentException("min-epochs must be in [1, epochs = " + maxEpochs + "], got " + minEpochs);
        }
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
