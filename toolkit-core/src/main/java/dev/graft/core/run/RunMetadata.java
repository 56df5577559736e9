package dev.graft.core.run;

import dev.graft.core.data.CachedSplit;
import dev.graft.datasets.DatasetException;
import dev.graft.datasets.metadata.MetadataEncoding;
import java.util.Locale;

/**
 * A run's metadata inputs ({@code --metadata}): the encoding fitted on the training split only,
 * and the splits carrying their encoded rows, so the head reads them beside the image features.
 */
final class RunMetadata {

    /** The file beside the model that holds the encoding (also in {@code model.json}). */
    static final String FILE = "metadata.json";

    private RunMetadata() {}

    /**
     * Fits the run's encoding on its training split.
     *
     * @param config the job
     * @param train the decoded training split
     * @return the encoding, or {@code null} when the run reads images only
     * @throws DatasetException naming a column the training rows lack or cannot read
     */
    static MetadataEncoding fit(FinetuneConfig config, CachedSplit train) throws DatasetException {
        return config.metadata() == null ? null : MetadataEncoding.fit(config.metadata(), train.images());
    }

    /**
     * Gives a split its encoded metadata.
     *
     * @param encoding the encoding, or {@code null}
     * @param split the split, or {@code null}
     * @param what how to name the split's data in a refusal
     * @return the split with metadata, or the split as it was without an encoding
     * @throws DatasetException naming a column the split's rows lack or cannot read
     */
    static CachedSplit attach(MetadataEncoding encoding, CachedSplit split, String what) throws DatasetException {
        return encoding == null || split == null ? split : split.withMetadata(encoding, what);
    }

    /**
     * Says what the head reads, for the run's log.
     *
     * @param encoding the encoding
     * @return one line, e.g. {@code metadata: age (numeric), site (categorical, 4 values): 7 inputs beside the image}
     */
    static String describe(MetadataEncoding encoding) {
        StringBuilder line = new StringBuilder("metadata fitted on the training rows:");
        for (MetadataEncoding.Column c : encoding.columns()) {
            line.append(' ').append(c.name()).append(c.type() == MetadataEncoding.Type.NUMERIC
                    ? String.format(Locale.ROOT, " (numeric, mean %.4g, std %.4g)", c.mean(), c.std())
                    : " (categorical, " + c.vocabulary().size() + " values)").append(',');
        }
        line.setLength(line.length() - 1);
        return line.append("; ").append(encoding.width()).append(" inputs beside the image").toString();
    }
}
