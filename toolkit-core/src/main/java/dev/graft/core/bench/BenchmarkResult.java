package dev.graft.core.bench;

/**
 * What {@code graft bench} measured (images per second are medians over timed rounds).
 *
 * @param arch the architecture
 * @param imageSize the input side
 * @param batchSize images per step
 * @param freeze what was frozen
 * @param trainImagesPerSecond training throughput, frozen part recomputed every step
 * @param inferImagesPerSecond inference throughput of the whole model
 * @param cachedTrainImagesPerSecond training throughput on cached frozen features (0 if nothing
 *     is frozen)
 * @param peakRssMegabytes the process's peak resident memory
 */
public record BenchmarkResult(
        String arch,
        int imageSize,
        int batchSize,
        String freeze,
        double trainImagesPerSecond,
        double inferImagesPerSecond,
        double cachedTrainImagesPerSecond,
        double peakRssMegabytes) {}
