package dev.graft.core.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every combination of the dimensions' grid values, in one round. */
final class GridSearch implements Strategy {

    private final List<Map<String, String>> combinations;
    private final int epochs;

    GridSearch(SearchSpace space, int points, int maxTrials, int epochs) {
        this.combinations = space.grid(points);
        this.epochs = epochs;
        if (combinations.size() > maxTrials) {
            throw new IllegalArgumentException("the grid has " + combinations.size() + " points, more than trials = " + maxTrials
                    + "; raise trials or lower grid-points.");
        }
    }

    @Override
    public List<Trial> next(List<TrialResult> finished) {
        if (!finished.isEmpty()) {
            return List.of();
        }
        List<Trial> trials = new ArrayList<>();
        for (Map<String, String> c : combinations) {
            trials.add(new Trial(trials.size() + 1, 1, c, epochs));
        }
        return trials;
    }
}
