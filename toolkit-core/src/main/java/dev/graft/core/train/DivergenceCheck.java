package dev.graft.core.train;

import java.util.Locale;

/**
 * Stops a run, before the update, on a NaN or infinite loss or one {@code divergenceFactor}
 * times above the loss of a blind guess ({@code ln K} for one task) or of the first epoch,
 * whichever is larger.
 *
 * @param options the divergence factor and learning rate (for the advice)
 * @param blindLoss the loss of a blind guess
 */
record DivergenceCheck(TrainingOptions options, double blindLoss) implements TrainingListener {

    @Override
    public void beforeUpdate(int epoch, int step, float loss, float rate, TrainingState state) {
        double reference = Math.max(blindLoss, Double.isNaN(state.firstEpochLoss()) ? 0 : state.firstEpochLoss());
        boolean exploded = loss > options.divergenceFactor() * reference;
        if (!Float.isFinite(loss) || exploded) {
            throw new TrainingDivergedException(String.format(Locale.ROOT,
                    "training diverged: the loss became %s at epoch %d, step %d (learning rate %.3g). "
                            + "Try a lower learning rate, e.g. lr %.3g.",
                    Float.isFinite(loss) ? "huge (" + loss + ")" : String.valueOf(loss), epoch, step, rate,
                    options.learningRate() / 10));
        }
    }
}
