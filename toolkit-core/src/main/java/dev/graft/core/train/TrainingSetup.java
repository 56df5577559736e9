package dev.graft.core.train;

import ai.djl.ndarray.NDManager;
import dev.graft.core.data.CachedSplit;
import dev.graft.core.model.TransferModel;
import dev.graft.datasets.image.Normalization;

/**
 * What a training loop works on: the model (initialised, weights loaded), how much of its trunk
 * stays frozen, the decoded splits and their normalisation, the manager owning the parameters,
 * where checkpoints go, and any progressive resizing of the training images.
 *
 * @param model the model
 * @param targetFrozen how many trunk modules stay frozen (after any initial all-frozen phase)
 * @param train the training split
 * @param val the validation split
 * @param normalization input normalisation
 * @param manager the manager owning the model's parameters
 * @param checkpoints where to checkpoint each epoch, or {@code null}
 * @param resume whether to continue from the last checkpoint
 * @param resizing the training split at smaller sides for the first epochs, or {@code null}
 */
public record TrainingSetup(TransferModel model, int targetFrozen, CachedSplit train, CachedSplit val, Normalization normalization,
        NDManager manager, Checkpoints checkpoints, boolean resume, ProgressiveResizing resizing) {

    /**
     * A setup that trains at one side throughout.
     *
     * @param model the model
     * @param targetFrozen how many trunk modules stay frozen
     * @param train the training split
     * @param val the validation split
     * @param normalization input normalisation
     * @param manager the manager owning the model's parameters
     * @param checkpoints where to checkpoint, or {@code null}
     * @param resume whether to continue from the last checkpoint
     */
    public TrainingSetup(TransferModel model, int targetFrozen, CachedSplit train, CachedSplit val, Normalization normalization,
            NDManager manager, Checkpoints checkpoints, boolean resume) {
        this(model, targetFrozen, train, val, normalization, manager, checkpoints, resume, null);
    }

    /**
     * The training split an epoch trains on: {@link #train} unless progressive resizing gives a
     * smaller side for it.
     *
     * @param epoch the 1-based epoch
     * @return the split
     */
    public CachedSplit trainAt(int epoch) {
        return resizing == null ? train : resizing.trainAt(epoch, train);
    }
}
