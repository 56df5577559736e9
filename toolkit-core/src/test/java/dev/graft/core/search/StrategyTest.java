package dev.graft.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StrategyTest {

    private static final SearchSpace SPACE = space();

    private static SearchSpace space() {
        Map<String, Dimension> dimensions = new LinkedHashMap<>();
        dimensions.put("lr", Dimension.RealRange.logUniform(1e-5, 1));
        dimensions.put("head", new Dimension.Choice(List.of("linear", "mlp")));
        return new SearchSpace(dimensions);
    }

    /** Scores a trial by how close its lr is to 1e-2 on a log scale (best = 0 distance). */
    private static TrialResult score(Trial t) {
        double value = -Math.abs(Math.log10(Double.parseDouble(t.params().get("lr"))) + 2);
        return new TrialResult(t, "ok", value, 0, 1, 0, 0, 0);
    }

    private static List<TrialResult> runAll(Strategy strategy) {
        List<TrialResult> done = new ArrayList<>();
        for (List<Trial> round = strategy.next(done); !round.isEmpty(); round = strategy.next(done)) {
            round.forEach(t -> done.add(score(t)));
        }
        return done;
    }

    @Test
    void logUniform_coversEveryDecadeEvenly() {
        Dimension lr = Dimension.RealRange.logUniform(1e-5, 1);
        int[] perDecade = new int[5];
        Random random = new Random(3);
        for (int i = 0; i < 5000; i++) {
            double v = Double.parseDouble(lr.sample(random));
            assertTrue(v >= 1e-5 && v <= 1, "in range: " + v);
            perDecade[(int) Math.min(4, Math.floor(Math.log10(v) + 5))]++;
        }
        for (int count : perDecade) {
            assertEquals(1000, count, 100, "each decade gets a fifth of the samples");
        }
    }

    @Test
    void grid_isTheCartesianProduct_andLogSpaced() {
        List<Map<String, String>> grid = SPACE.grid(3);
        assertEquals(6, grid.size());
        assertEquals(List.of("1.000e-05", "0.003162", "1.000"), Dimension.RealRange.logUniform(1e-5, 1).grid(3));
        assertThrows(IllegalArgumentException.class, () -> new GridSearch(SPACE, 3, 5, 4), "6 points but 5 trials");
    }

    @Test
    void coarseToFine_zoomsAroundTheBest_andNeverDoesWorse() {
        RandomSearch strategy = new RandomSearch(SPACE, 40, 2, 0.25, 7, 4, true);
        List<TrialResult> all = runAll(strategy);
        assertEquals(40, all.size());
        List<TrialResult> coarse = all.stream().filter(r -> r.trial().stage() == 1).toList();
        List<TrialResult> fine = all.stream().filter(r -> r.trial().stage() == 2).toList();
        assertEquals(20, coarse.size());
        Dimension.RealRange zoomed = (Dimension.RealRange) strategy.spaceFor(2, coarse).dimensions().get("lr");
        assertTrue(zoomed.low() > 1e-5 && zoomed.high() < 1, "the lr range narrowed: " + zoomed);
        assertTrue(zoomed.low() <= 1e-2 && zoomed.high() >= 1e-2, "and still holds the optimum: " + zoomed);
        double coarseMean = coarse.stream().mapToDouble(TrialResult::value).average().orElseThrow();
        double fineMean = fine.stream().mapToDouble(TrialResult::value).average().orElseThrow();
        assertTrue(fineMean > coarseMean + 0.25, "fine trials score better on average: " + fineMean + " vs " + coarseMean);
    }

    @Test
    void successiveHalving_promotesTheBestThirdWithThreeTimesTheEpochs() {
        List<TrialResult> all = runAll(new SuccessiveHalving(SPACE, 9, 1, 9, 3, 5, true));
        assertEquals(List.of(9, 3, 1), List.of(count(all, 1), count(all, 2), count(all, 3)));
        List<TrialResult> first = all.stream().filter(r -> r.trial().stage() == 1).toList();
        List<Map<String, String>> bestThree = Strategy.ranked(first, true).subList(0, 3).stream().map(r -> r.trial().params()).toList();
        List<TrialResult> second = all.stream().filter(r -> r.trial().stage() == 2).toList();
        assertEquals(bestThree, second.stream().map(r -> r.trial().params()).toList());
        assertTrue(second.stream().allMatch(r -> r.trial().epochs() == 3));
        assertEquals(9, all.get(all.size() - 1).trial().epochs());
    }

    @Test
    void ranking_putsFailedTrialsLast() {
        Trial t = new Trial(1, 1, Map.of("lr", "1"), 1);
        TrialResult failed = new TrialResult(t, "diverged", Double.NaN, Double.NaN, 0, 0, 0, 0);
        TrialResult low = new TrialResult(t, "ok", 0.1, 0, 1, 0, 0, 0);
        TrialResult high = new TrialResult(t, "ok", 0.9, 0, 1, 0, 0, 0);
        assertEquals(List.of(high, low, failed), Strategy.ranked(List.of(failed, low, high), true));
        assertEquals(List.of(low, high, failed), Strategy.ranked(List.of(failed, high, low), false));
    }

    private static int count(List<TrialResult> all, int stage) {
        return (int) all.stream().filter(r -> r.trial().stage() == stage).count();
    }
}
