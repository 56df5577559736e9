package dev.graft.core.train;

/**
 * Stops a run after {@code patience} epochs without improvement of the selection metric
 * (DJL's {@code EarlyStoppingListener} is the model). Patience 0 never stops.
 *
 * @param options the patience and metric
 */
record EarlyStopping(TrainingOptions options) implements TrainingListener {

    @Override
    public void onEpochEnd(EpochEnd end) {
        int bad = end.state().epochsWithoutImprovement();
        if (options.patience() > 0 && bad >= options.patience()) {
            end.stop().request("early stopping after epoch " + end.result().epoch() + ": no " + options.metric().label()
                    + " improvement for " + bad + " epochs");
        }
    }
}
