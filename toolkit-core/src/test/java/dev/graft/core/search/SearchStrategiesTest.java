package dev.graft.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchStrategiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // A strategy as a user would add one: each choice of the first dimension, one trial per round, in order.
        SearchStrategies.REGISTRY.register("each-choice", (spec, epochs, higher) -> finished -> {
            Dimension.Choice first = (Dimension.Choice) spec.space().dimensions().values().iterator().next();
            int next = finished.size();
            return next >= Math.min(spec.trials(), first.values().size()) ? List.of()
                    : List.of(new Trial(next + 1, 1, Map.of(spec.space().names().get(0), first.values().get(next)), epochs));
        });
    }

    private static SearchSpec spec(String strategy) throws Exception {
        return SearchSpec.parse(JSON.readTree("{\"strategy\": \"" + strategy + "\", \"trials\": 5,"
                + " \"space\": {\"head\": [\"linear\", \"mlp\", \"cosine\"]}}"), "s.json", Set.of("head"));
    }

    @Test
    void aStrategyRegisteredThroughTheApi_runsASearch(@TempDir Path dir) throws Exception {
        Search search = new Search(spec("each-choice"), 2, "accuracy", true, dir);
        List<TrialResult> results = search.run((trial, folder, resume) -> new TrialRunner.Score("ok",
                List.of("linear", "mlp", "cosine").indexOf(trial.params().get("head")), 0.5, 1), false, r -> {});
        assertEquals(List.of("linear", "mlp", "cosine"), results.stream().map(r -> r.trial().params().get("head")).toList());
        assertEquals("cosine", search.best(results).trial().params().get("head"));
        assertEquals(4, Files.readAllLines(dir.resolve("trials.csv")).size(), "a header and three trials");
    }

    @Test
    void stages_defaultToTheStrategysOwn() throws Exception {
        assertEquals(2, spec("coarse-to-fine").stages());
        assertEquals(1, spec("random").stages());
    }

    @Test
    void anUnknownStrategy_namesTheNearest() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spec("gird"));
        assertTrue(e.getMessage().contains("unknown search strategy 'gird'; did you mean 'grid'?")
                && e.getMessage().contains("coarse-to-fine, each-choice, grid, halving, random"), e.getMessage());
    }
}
