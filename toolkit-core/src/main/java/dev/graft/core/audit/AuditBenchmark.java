package dev.graft.core.audit;

import dev.graft.core.bench.ProcessMemory;
import dev.graft.datasets.synthetic.SyntheticLesions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Times the audit's parts for {@code graft bench --audit}: the exact neighbour search on random
 * unit vectors, and a whole audit of synthetic lesion images, with resident memory sampled once
 * a second by a background thread.
 */
public final class AuditBenchmark {

    /**
     * One neighbour-search timing.
     *
     * @param vectors how many vectors
     * @param dimension their length
     * @param k neighbours per vector
     * @param seconds wall time of the search
     * @param peakResidentMegabytes the largest resident memory sampled during it
     */
    public record SearchTiming(int vectors, int dimension, int k, double seconds, double peakResidentMegabytes) { }

    /**
     * One whole-audit timing.
     *
     * @param images how many images
     * @param generateSeconds time to draw and write them
     * @param seconds the audit's wall time
     * @param embedSeconds of which decoding and embedding
     * @param residentMegabytes resident memory sampled about every tenth of the audit
     * @param peakResidentMegabytes the largest sample
     * @param result what the audit found
     */
    public record AuditTiming(int images, double generateSeconds, double seconds, double embedSeconds, List<Double> residentMegabytes,
            double peakResidentMegabytes, AuditResult result) { }

    private AuditBenchmark() {}

    /**
     * Times the exact search on random Gaussian vectors scaled to unit length.
     *
     * @param n how many vectors
     * @param d their length
     * @param k neighbours per vector
     * @param seed the random seed
     * @return the timing
     */
    public static SearchTiming neighbours(int n, int d, int k, long seed) {
        Random random = new Random(seed);
        float[][] vectors = new float[n][d];
        for (float[] row : vectors) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        float[][] unit = Neighbours.normalise(vectors);
        vectors = null;
        try (Sampler sampler = new Sampler()) {
            long start = System.nanoTime();
            Neighbours.exact(unit, k);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new SearchTiming(n, d, k, seconds, sampler.peak());
        }
    }

    /**
     * Generates synthetic lesion images and audits them (train/val/test carved out as a run would).
     *
     * @param images how many images
     * @param side their side in pixels
     * @param arch the backbone
     * @param weights its weights, or {@code null} for random ones (timing only)
     * @param work a scratch folder (images and the audit are written there)
     * @return the timing
     * @throws Exception if generating or auditing fails
     */
    public static AuditTiming audit(int images, int side, String arch, String weights, Path work) throws Exception {
        long start = System.nanoTime();
        Path manifest = new SyntheticLesions(images, side, 7).generate(work.resolve("lesions"));
        double generate = (System.nanoTime() - start) / 1e9;
        try (Sampler sampler = new Sampler()) {
            AuditResult result = Audit.builder().setData(manifest).optArchitecture(arch).optWeights(weights).optImageSize(side)
                    .optOut(work.resolve("audit")).build().run();
            List<Double> samples = sampler.samples();
            List<Double> tenths = new ArrayList<>();
            for (int i = 0; i < 10 && !samples.isEmpty(); i++) {
                tenths.add(samples.get(Math.min(samples.size() - 1, i * samples.size() / 10)));
            }
            return new AuditTiming(images, generate, result.seconds(), result.embeddingSeconds(), tenths, sampler.peak(), result);
        }
    }

    /** Samples resident memory once a second on a daemon thread until closed. */
    private static final class Sampler implements AutoCloseable {
        private final List<Double> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;
        private volatile boolean running = true;

        Sampler() {
            samples.add(ProcessMemory.residentMegabytes());
            thread = new Thread(() -> {
                while (running) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    samples.add(ProcessMemory.residentMegabytes());
                }
            }, "audit-bench-memory");
            thread.setDaemon(true);
            thread.start();
        }

        List<Double> samples() {
            synchronized (samples) {
                return List.copyOf(samples);
            }
        }

        double peak() {
            samples.add(ProcessMemory.residentMegabytes());
            return samples().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
        }
    }
}
