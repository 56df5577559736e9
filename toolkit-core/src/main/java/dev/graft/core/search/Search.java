package dev.graft.core.search;

import dev.graft.core.bench.ProcessMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs a search: asks the strategy for rounds of trials, trains each (up to {@code parallel} at
 * once) in {@code DIR/trials/trial-NNN}, records {@code trials.csv} after every trial, and on
 * {@code resume} reuses the recorded trials and continues an interrupted one from its checkpoint.
 */
public final class Search {

    private final SearchSpec spec;
    private final Strategy strategy;
    private final Path out;
    private final boolean higherIsBetter;
    private final TrialsFile file;

    /**
     * Prepares a search.
     *
     * @param spec the search
     * @param epochs the base epoch budget
     * @param metric the selection metric's name (a column of trials.csv)
     * @param higherIsBetter the metric's direction
     * @param out the search folder
     */
    public Search(SearchSpec spec, int epochs, String metric, boolean higherIsBetter, Path out) {
        this.spec = spec;
        this.strategy = spec.strategy(epochs, higherIsBetter);
        this.out = out;
        this.higherIsBetter = higherIsBetter;
        this.file = new TrialsFile(out.resolve("trials.csv"), spec.space().names(), metric);
    }

    /**
     * Runs every round.
     *
     * @param runner trains a trial
     * @param resume whether to reuse an interrupted search's recorded trials
     * @param onTrial hears about each finished trial
     * @return every trial, in id order
     * @throws IOException if trials.csv cannot be read or written
     * @throws Exception what the runner throws when a trial cannot run at all
     */
    public List<TrialResult> run(TrialRunner runner, boolean resume, Consumer<TrialResult> onTrial) throws Exception {
        Files.createDirectories(out.resolve("trials"));
        Map<Integer, TrialResult> recorded = resume ? file.read() : Map.of();
        List<TrialResult> finished = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(spec.parallel());
        try {
            for (List<Trial> round = strategy.next(finished); !round.isEmpty(); round = strategy.next(finished)) {
                List<Future<TrialResult>> running = new ArrayList<>();
                for (Trial trial : round) {
                    TrialResult earlier = recorded.get(trial.id());
                    if (earlier != null && !earlier.trial().equals(trial)) {
                        throw new IOException(out.resolve("trials.csv") + " records trial " + trial.id() + " as " + earlier.trial()
                                + ", this search proposes " + trial + "; resume with the same search file, or use a new out folder.");
                    }
                    running.add(earlier != null ? java.util.concurrent.CompletableFuture.completedFuture(earlier)
                            : pool.submit(() -> train(runner, trial, resume)));
                }
                for (Future<TrialResult> f : running) {
                    TrialResult result = join(f);
                    finished.add(result);
                    finished.sort(Comparator.comparingInt(r -> r.trial().id()));
                    file.write(finished);
                    onTrial.accept(result);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return finished;
    }

    private TrialResult train(TrialRunner runner, Trial trial, boolean resume) throws Exception {
        Path folder = out.resolve("trials").resolve(trial.folder());
        long start = System.nanoTime();
        TrialRunner.Score score = runner.run(trial, folder, resume && Files.isDirectory(folder.resolve("checkpoint")));
        double seconds = (System.nanoTime() - start) / 1e9;
        // A trial leaves a few hundred MB of Java garbage (weight snapshots, feature copies); without
        // a collection here the heap grows toward -Xmx before the JVM collects, and resident memory
        // with it, though nothing is held.
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return new TrialResult(trial, score.status(), score.value(), score.valAccuracy(), score.bestEpoch(), seconds,
                ProcessMemory.residentMegabytes(), (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
    }

    private static TrialResult join(Future<TrialResult> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /**
     * Picks the best trial among the strategy's {@linkplain Strategy#contenders contenders}.
     *
     * @param results every trial
     * @return the best
     */
    public TrialResult best(List<TrialResult> results) {
        return Strategy.ranked(strategy.contenders(results), higherIsBetter).get(0);
    }
}
