package dev.graft.core.bench;

import dev.graft.datasets.augment.AugmentPipeline;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How many images per second an augmentation pipeline produces on a number of worker threads,
 * each augmenting its share of a pool of random images seeded per image, as training would.
 */
public final class AugmentThroughput {

    private AugmentThroughput() {}

    /**
     * Measures throughput.
     *
     * @param pipeline the pipeline
     * @param side the image side
     * @param count images to augment (after a warm-up of the same size)
     * @param threads worker threads
     * @return images per second
     * @throws Exception if a worker fails
     */
    public static double imagesPerSecond(AugmentPipeline pipeline, int side, int count, int threads) throws Exception {
        float[][] pool = new float[16][3 * side * side];
        Random random = new Random(3);
        for (float[] image : pool) {
            for (int i = 0; i < image.length; i++) {
                image[i] = random.nextFloat();
            }
        }
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        try {
            run(workers, pipeline, pool, side, count, threads, 0);
            long start = System.nanoTime();
            run(workers, pipeline, pool, side, count, threads, 1);
            return count / ((System.nanoTime() - start) / 1e9);
        } finally {
            workers.shutdown();
        }
    }

    private static void run(ExecutorService workers, AugmentPipeline pipeline, float[][] pool, int side, int count, int threads, int epoch)
            throws Exception {
        java.util.List<Future<?>> jobs = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            jobs.add(workers.submit(() -> {
                for (int i = first; i < count; i += threads) {
                    pipeline.apply(pool[i % pool.length], side, 1, epoch, i);
                }
            }));
        }
        for (Future<?> job : jobs) {
            job.get();
        }
    }
}
