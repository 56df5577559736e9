package dev.graft.core.audit;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything an audit found.
 *
 * @param out the audit directory
 * @param classNames the classes, in label order
 * @param images every image audited, train first, then train_val, val, test
 * @param embedded whether embeddings were computed (without a backbone only the pixel checks run)
 * @param nearRule the near-duplicate rule used ({@code null} without embeddings)
 * @param exact exact-duplicate pairs
 * @param near near-duplicate pairs, most similar first
 * @param groupLeaks groups found in more than one split
 * @param labels confident learning's findings, or {@code null} without embeddings
 * @param outliers outliers
 * @param shift the split-shift test, or {@code null} without embeddings or a second split
 * @param seconds wall time of the whole audit
 * @param embeddingSeconds wall time of decoding and embedding
 */
public record AuditResult(Path out, List<String> classNames, List<AuditImage> images, boolean embedded, NearRule nearRule,
        List<DuplicatePair> exact, List<DuplicatePair> near, List<GroupLeak> groupLeaks,
        ConfidentLearning labels, List<Outlier> outliers, SplitShift shift, double seconds, double embeddingSeconds) {

    /** @return exact and near pairs that cross splits */
    public long leakingPairs() {
        return java.util.stream.Stream.concat(exact.stream(), near.stream()).filter(DuplicatePair::crossSplit).count();
    }

    /** @return exact and near pairs whose labels differ */
    public long conflictingPairs() {
        return java.util.stream.Stream.concat(exact.stream(), near.stream()).filter(DuplicatePair::conflict).count();
    }
}
