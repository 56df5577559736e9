package dev.graft.core.train;

/**
 * Stops a run after {@code patience} epochs without improvement of the selection metric
 * (DJL's {@code EarlyStoppingListener} is the model). Patience 0 never stops.
 */
final class EarlyStopping implements TrainingListener {

    private final TrainingOptions options;

    /** @param options the patience and metric */
    EarlyStopping(TrainingOptions options) {
        this.options = options;
    }

    @Override
    public void onEpochEnd(EpochEnd end) {
        int bad = end.state().epochsWithoutImprovement();
        if (options.patience() > 0 && bad >= options.patience()) {
            end.stop("early stopping after epoch " + end.result().epoch() + ": no " + options.metric().label()
                    + " improvement for " + bad + " epochs");
        }
    }
}
