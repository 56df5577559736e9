package dev.graft.core.run;

import dev.graft.core.data.CachedSplit;
import dev.graft.core.train.FeatureMemo;
import dev.graft.datasets.split.DatasetSplits;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What runs over the same data can share: decoded images and frozen-trunk features. A search's
 * trials share one, so a trial with a frozen trunk costs seconds; a single run uses {@link
 * #none()}, which remembers nothing. Thread-safe.
 */
public final class RunCache {

    /**
     * A dataset read, split and decoded at one input size.
     *
     * @param splits the four splits
     * @param train decoded training images
     * @param val decoded validation images
     * @param test decoded test images, or {@code null}
     * @param trainVal decoded train-val images, or {@code null}
     * @param skipped the images the bad-image policy skipped
     */
    record Decoded(DatasetSplits splits, CachedSplit train, CachedSplit val, CachedSplit test, CachedSplit trainVal, List<String> skipped) {}

    private final boolean remember;
    private final Map<String, Decoded> decoded = new ConcurrentHashMap<>();
    private final FeatureMemo features = new FeatureMemo();

    private RunCache(boolean remember) {
        this.remember = remember;
    }

    /** @return a cache shared by the runs given it */
    public static RunCache shared() {
        return new RunCache(true);
    }

    /** @return a cache that remembers nothing */
    public static RunCache none() {
        return new RunCache(false);
    }

    /** @return the frozen features shared between runs, or {@code null} when nothing is remembered */
    FeatureMemo features() {
        return remember ? features : null;
    }

    Decoded decoded(String key) {
        return remember ? decoded.get(key) : null;
    }

    void putDecoded(String key, Decoded value) {
        if (remember) {
            decoded.put(key, value);
        }
    }
}
