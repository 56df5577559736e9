package dev.graft.core.train;

import dev.graft.core.data.CachedSplit;
import java.util.List;

/**
 * Progressive resizing (fastai): the training images decoded at smaller sides, each trained on for
 * a number of epochs before the run's own side. Validation stays at the run's side, so every
 * epoch is selected by what the exported model will see. Which side an epoch trains at depends
 * only on the epoch, so a resumed run trains as an unbroken one.
 *
 * @param earlier the training split at each earlier side, in training order (same images and
 *     labels as the run's split)
 * @param epochsEach epochs trained at each of them
 */
public record ProgressiveResizing(List<CachedSplit> earlier, int epochsEach) {

    /** Copies the list and checks it. */
    public ProgressiveResizing {
        earlier = List.copyOf(earlier);
        if (earlier.isEmpty() || epochsEach < 1) {
            throw new IllegalArgumentException("progressive resizing needs at least one earlier side and one epoch at each");
        }
    }

    /**
     * The training split of an epoch.
     *
     * @param epoch the 1-based epoch
     * @param last the split at the run's own side
     * @return the split the epoch trains on
     */
    public CachedSplit trainAt(int epoch, CachedSplit last) {
        int stage = (epoch - 1) / epochsEach;
        return stage < earlier.size() ? earlier.get(stage) : last;
    }
}
