package dev.graft.core.search;

/**
 * What a trial gave.
 *
 * @param trial the trial
 * @param status {@code ok}, or {@code diverged} / {@code failed} with {@code NaN} scores
 * @param value the validation score by the search metric
 * @param valAccuracy the validation accuracy
 * @param bestEpoch the epoch whose weights were kept
 * @param seconds wall time
 * @param residentMegabytes the process's resident memory after the trial (after a collection)
 * @param heapMegabytes the Java heap in use after the trial (after a collection)
 */
public record TrialResult(Trial trial, String status, double value, double valAccuracy, int bestEpoch, double seconds,
        double residentMegabytes, double heapMegabytes) {

    /** @return whether the trial trained to the end */
    public boolean ok() {
        return status.equals("ok");
    }
}
