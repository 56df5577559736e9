package dev.graft.core.train;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes a checkpoint after every epoch (weights, optimiser state, best weights so far and the
 * loop's bookkeeping), atomically, so {@code resume} continues exactly (DJL's {@code
 * CheckpointsTrainingListener} is the model).
 *
 * @param checkpoints where to write
 * @param optimizer the optimiser whose state is saved
 * @param averaging the weight average whose state is saved
 */
record CheckpointWriter(Checkpoints checkpoints, Optimizer optimizer, WeightAveraging averaging) implements TrainingListener {

    @Override
    public void onEpochEnd(EpochEnd end) {
        try {
            checkpoints.save(end.state(), end.weights(), optimizer.saveState(), end.best(), averaging.saveState());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint: " + e.getMessage(), e);
        }
    }
}
