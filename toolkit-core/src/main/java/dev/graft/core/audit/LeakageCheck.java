package dev.graft.core.audit;

import dev.graft.core.data.CachedSplit;
import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.LabeledImage;
import dev.graft.datasets.split.DatasetSplits;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cheap leakage check {@code graft finetune} runs before training: images whose decoded
 * pixels are identical in two splits, and group ids present in more than one split. It hashes
 * the pixels the run has already decoded, so it costs one pass over memory; near-duplicates need
 * embeddings and are left to {@code graft audit}.
 */
public final class LeakageCheck {

    private static final int NAMED = 5;

    private LeakageCheck() {}

    /**
     * Groups whose images sit in more than one split.
     *
     * @param splits the splits
     * @return the leaking groups, by group id
     */
    public static List<GroupLeak> groupLeaks(DatasetSplits splits) {
        Map<String, Map<String, Integer>> bySplit = new TreeMap<>();
        for (Map.Entry<String, ImageDataset> split : splits.byName().entrySet()) {
            for (LabeledImage image : split.getValue().images()) {
                if (image.group() != null && !image.group().isBlank()) {
                    bySplit.computeIfAbsent(image.group(), g -> new LinkedHashMap<>()).merge(split.getKey(), 1, Integer::sum);
                }
            }
        }
        List<GroupLeak> leaks = new ArrayList<>();
        bySplit.forEach((group, counts) -> {
            if (counts.size() > 1) {
                leaks.add(new GroupLeak(group, counts));
            }
        });
        return leaks;
    }

    /**
     * One-line warnings about leakage in the splits a run is about to train on.
     *
     * @param splits the splits
     * @param decoded the decoded splits by name (absent ones may be {@code null})
     * @param data the training data, to name in the suggested audit command
     * @param val separately given validation data, or {@code null}
     * @param test separately given test data, or {@code null}
     * @return the warnings, empty when nothing leaks
     */
    public static List<String> warnings(DatasetSplits splits, Map<String, CachedSplit> decoded, Path data, Path val, Path test) {
        List<String> warnings = new ArrayList<>();
        String audit = "run graft audit --data " + data + (val != null ? " --val " + val : "") + (test != null ? " --test " + test : "")
                + " (with this run's split options) --out DIR for details";
        Map<ByteBuffer, String> firstSplit = new HashMap<>();
        Map<String, Integer> copies = new TreeMap<>();
        for (Map.Entry<String, CachedSplit> split : decoded.entrySet()) {
            if (split.getValue() == null) {
                continue;
            }
            for (byte[] pixels : split.getValue().pixels()) {
                String earlier = firstSplit.putIfAbsent(ByteBuffer.wrap(pixels), split.getKey());
                if (earlier != null && !earlier.equals(split.getKey())) {
                    copies.merge(split.getKey() + " and " + earlier, 1, Integer::sum);
                }
            }
        }
        copies.forEach((where, count) -> warnings.add("warning: " + count + " exact duplicate image" + (count == 1 ? "" : "s")
                + " across " + where + " (leakage); " + audit + "."));
        List<GroupLeak> leaks = groupLeaks(splits);
        if (!leaks.isEmpty()) {
            List<String> named = leaks.stream().limit(NAMED).map(l -> l.group() + " " + l.imagesBySplit().keySet()).toList();
            warnings.add("warning: " + leaks.size() + " group" + (leaks.size() == 1 ? "" : "s") + " in more than one split (leakage): "
                    + String.join(", ", named) + (leaks.size() > NAMED ? ", …" : "") + "; " + audit + ".");
        }
        return warnings;
    }
}
