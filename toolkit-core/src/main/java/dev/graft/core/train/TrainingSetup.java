package dev.graft.core.train;

import ai.djl.ndarray.NDManager;
import dev.graft.core.data.CachedSplit;
import dev.graft.core.model.TransferModel;
import dev.graft.datasets.image.Normalization;

/**
 * What a training loop works on: the model (initialised, weights loaded), how much of its trunk
 * stays frozen, the decoded splits and their normalisation, the manager owning the parameters, and
 * where checkpoints go.
 *
 * @param model the model
 * @param targetFrozen how many trunk modules stay frozen (after any initial all-frozen phase)
 * @param train the training split
 * @param val the validation split
 * @param normalization input normalisation
 * @param manager the manager owning the model's parameters
 * @param checkpoints where to checkpoint each epoch, or {@code null}
 * @param resume whether to continue from the last checkpoint
 */
public record TrainingSetup(TransferModel model, int targetFrozen, CachedSplit train, CachedSplit val, Normalization normalization,
        NDManager manager, Checkpoints checkpoints, boolean resume) {}
