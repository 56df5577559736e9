package dev.graft.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.core.data.CachedSplit;
import dev.graft.datasets.augment.AugmentPipeline;
import dev.graft.datasets.augment.BatchMix;
import dev.graft.datasets.image.Normalization;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One epoch's augmented training batches, each prepared on a background thread while the
 * previous one trains (images of a batch in parallel), then mixed (mixup / cutmix) when the spec
 * asks. Every random choice is seeded by (seed, epoch, image or step), so the batches are the
 * same whatever the threads, and a resumed run sees the same ones. Close it (try-with-resources)
 * so a step that throws leaves no thread or prefetched batch behind.
 */
final class AugmentedBatches implements AutoCloseable {

    /**
     * A prepared batch.
     *
     * @param pixels normalised CHW values
     * @param labels the classes
     * @param soft class distributions after mixing, or {@code null}
     */
    record Batch(float[] pixels, int[] labels, float[][] soft) {

        NDArray targets(NDManager scope) {
            if (soft == null) {
                return scope.create(labels);
            }
            float[] flat = new float[soft.length * soft[0].length];
            for (int i = 0; i < soft.length; i++) {
                System.arraycopy(soft[i], 0, flat, i * soft[0].length, soft[0].length);
            }
            return scope.create(flat, new Shape(soft.length, soft[0].length));
        }
    }

    private final CachedSplit train;
    private final Normalization normalization;
    private final AugmentPipeline pipeline;
    private final long seed;
    private final int epoch;
    private final int classes;
    private ExecutorService worker;
    private int[][] batches;
    private int[][] draws;
    private Future<Batch> next;

    AugmentedBatches(CachedSplit train, Normalization normalization, AugmentPipeline pipeline, long seed, int epoch, int classes) {
        this.train = train;
        this.normalization = normalization;
        this.pipeline = pipeline;
        this.seed = seed;
        this.epoch = epoch;
        this.classes = classes;
    }

    /**
     * Starts preparing the first batch. An image drawn more than once in the epoch (the balanced
     * sampler draws with replacement) is augmented anew each time: its k-th draw is seeded as
     * image {@code index + k·n}; an image drawn once is seeded by its index, as always.
     */
    void start(int[][] order) {
        this.batches = order;
        this.draws = new int[order.length][];
        int[] seen = new int[train.size()];
        for (int s = 0; s < order.length; s++) {
            draws[s] = new int[order[s].length];
            for (int i = 0; i < order[s].length; i++) {
                draws[s][i] = order[s][i] + seen[order[s][i]]++ * train.size();
            }
        }
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "graft-augment");
            t.setDaemon(true);
            return t;
        });
        int first = 0;
        next = worker.submit(() -> prepare(first));
    }

    /** Waits for batch {@code s} and starts preparing the one after it. */
    Batch take(int s) {
        try {
            Batch batch = next.get();
            if (s + 1 < batches.length) {
                next = worker.submit(() -> prepare(s + 1));
            } else {
                worker.shutdown();
            }
            return batch;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while augmenting", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private Batch prepare(int s) {
        int[] indices = batches[s];
        float[] pixels = train.augmented(indices, draws[s], normalization, pipeline, seed, epoch);
        int[] labels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = train.labels()[indices[i]];
        }
        double mixup = pipeline.mixupAlpha();
        double cutmix = pipeline.cutmixAlpha();
        if (mixup <= 0 && cutmix <= 0) {
            return new Batch(pixels, labels, null);
        }
        Random random = new Random(seed * 7919 + epoch * 1_000_003L + s);
        boolean useCutmix = cutmix > 0 && (mixup <= 0 || random.nextBoolean());
        int size = pixels.length / indices.length;
        float[][] images = new float[indices.length][];
        float[][] targets = new float[indices.length][classes];
        for (int i = 0; i < indices.length; i++) {
            images[i] = java.util.Arrays.copyOfRange(pixels, i * size, (i + 1) * size);
            targets[i][labels[i]] = 1;
        }
        BatchMix.mix(images, targets, train.side(), useCutmix ? cutmix : mixup, useCutmix, random);
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(images[i], 0, pixels, i * size, size);
        }
        return new Batch(pixels, labels, targets);
    }

    /** Stops the worker thread and drops a batch prepared ahead. */
    @Override
    public void close() {
        if (worker != null) {
            worker.shutdownNow();
        }
        if (next != null) {
            next.cancel(true);
        }
    }
}
