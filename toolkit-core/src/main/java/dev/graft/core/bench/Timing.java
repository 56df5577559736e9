package dev.graft.core.bench;

import java.util.Arrays;

/** Times a step the way the PyTorch peer benchmark does: two warm-up calls, then the median of timed rounds. */
final class Timing {

    private Timing() {}

    /**
     * Measures throughput.
     *
     * @param step one batch of work
     * @param batchSize images per step
     * @param rounds timed rounds
     * @param steps steps per round
     * @return the median images per second
     */
    static double median(Runnable step, int batchSize, int rounds, int steps) {
        step.run();
        step.run();
        double[] rates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                step.run();
            }
            rates[r] = batchSize * steps / ((System.nanoTime() - start) / 1e9);
        }
        Arrays.sort(rates);
        return rates[rounds / 2];
    }
}
