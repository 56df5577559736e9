package dev.graft.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchTest {

    private static final SearchSpec SPEC = new SearchSpec("coarse-to-fine", 12, 1, 3, 2, 0.25, 3, 1, 3,
            new SearchSpace(new LinkedHashMap<>(Map.of("lr", Dimension.RealRange.logUniform(1e-4, 1)))));

    private static TrialRunner.Score score(Trial trial) {
        double lr = Double.parseDouble(trial.params().get("lr"));
        return new TrialRunner.Score("ok", 1 - Math.abs(Math.log10(lr) + 2) / 4, 0.5, trial.epochs());
    }

    private static String withoutTimings(Path csv) throws IOException {
        StringBuilder kept = new StringBuilder();
        for (String line : Files.readAllLines(csv)) {
            String[] cells = line.split(",");
            kept.append(String.join(",", java.util.Arrays.copyOf(cells, cells.length - 3))).append('\n');
        }
        return kept.toString();
    }

    @Test
    void resumedSearch_runsOnlyWhatIsLeft_andRecordsTheSameTrials(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole");
        List<TrialResult> all = new Search(SPEC, 4, "accuracy", true, whole).run((t, f, r) -> score(t), false, r -> {});
        assertEquals(12, all.size());

        Path broken = dir.resolve("broken");
        AtomicInteger ran = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> new Search(SPEC, 4, "accuracy", true, broken).run((t, f, r) -> {
            if (ran.incrementAndGet() > 8) {
                throw new IllegalStateException("killed");
            }
            return score(t);
        }, false, r -> {}));
        AtomicInteger resumed = new AtomicInteger();
        new Search(SPEC, 4, "accuracy", true, broken).run((t, f, r) -> {
            resumed.incrementAndGet();
            return score(t);
        }, true, r -> {});
        assertEquals(4, resumed.get(), "only the 4 unfinished trials ran again");
        assertEquals(withoutTimings(whole.resolve("trials.csv")), withoutTimings(broken.resolve("trials.csv")));
    }

    @Test
    void resume_refusesAnotherSearchesRecord(@TempDir Path dir) throws Exception {
        new Search(SPEC, 4, "accuracy", true, dir).run((t, f, r) -> score(t), false, r -> {});
        SearchSpec other = new SearchSpec("random", 12, 1, 99, 1, 0.25, 3, 1, 3, SPEC.space());
        IOException e = assertThrows(IOException.class,
                () -> new Search(other, 4, "accuracy", true, dir).run((t, f, r) -> score(t), true, r -> {}));
        assertTrue(e.getMessage().contains("new out folder"), e.getMessage());
    }

    @Test
    void parse_readsTheSpace_andNamesMistakes() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        SearchSpec spec = SearchSpec.parse(json.readTree("{\"strategy\": \"grid\", \"space\": {\"lr\": {\"log-uniform\": [1e-4, 1e-1]},"
                + " \"cut\": [\"layer3\", \"pool\"], \"hidden\": {\"int\": [8, 64]}}}"), "s.json", java.util.Set.of("lr", "cut", "hidden"));
        assertEquals(List.of("lr", "cut", "hidden"), spec.space().names());
        assertEquals(new Dimension.Choice(List.of("layer3", "pool")), spec.space().dimensions().get("cut"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> SearchSpec.parse(
                json.readTree("{\"space\": {\"lrr\": {\"log-uniform\": [1e-4, 1e-1]}}}"), "s.json", java.util.Set.of("lr")));
        assertTrue(unknown.getMessage().contains("'lrr'"), unknown.getMessage());
        IllegalArgumentException badRange = assertThrows(IllegalArgumentException.class, () -> SearchSpec.parse(
                json.readTree("{\"space\": {\"lr\": {\"log-uniform\": [0, 1e-1]}}}"), "s.json", java.util.Set.of("lr")));
        assertTrue(badRange.getMessage().contains("positive"), badRange.getMessage());
    }
}
