package dev.graft.core.train;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Frozen features kept in Java memory between runs that share data, backbone, weights and freeze
 * point, so the trials of a search compute them once. Entries live as long as the memo; native
 * copies are made per run and freed with it. Thread-safe.
 */
public final class FeatureMemo {

    /**
     * Features of one run's training and validation images.
     *
     * @param shape the shape of one image's features
     * @param train the training features, image after image
     * @param val the validation features
     */
    record Entry(long[] shape, float[] train, float[] val) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** Returns the features for a key, computing them once even when several runs ask at the same time. */
    Entry computeIfAbsent(String key, Supplier<Entry> compute) {
        return entries.computeIfAbsent(key, k -> compute.get());
    }

    /** @return how many feature sets are held */
    public int size() {
        return entries.size();
    }
}
