package dev.graft.core.search;

import java.nio.file.Path;

/** Trains one trial in its own folder; the search measures time and memory around it. */
@FunctionalInterface
public interface TrialRunner {

    /**
     * How a trial went.
     *
     * @param status {@code ok}, {@code diverged} or {@code failed}
     * @param value the validation score by the search metric, {@code NaN} unless ok
     * @param valAccuracy the validation accuracy, {@code NaN} unless ok
     * @param bestEpoch the selected epoch, 0 unless ok
     */
    record Score(String status, double value, double valAccuracy, int bestEpoch) {}

    /**
     * Trains a trial.
     *
     * @param trial the trial
     * @param folder its run folder
     * @param resume whether to continue the folder's checkpoint
     * @return its score
     * @throws Exception if the trial cannot run at all (bad data, unwritable folder): the search stops
     */
    Score run(Trial trial, Path folder, boolean resume) throws Exception;
}
