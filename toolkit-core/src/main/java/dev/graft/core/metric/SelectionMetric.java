package dev.graft.core.metric;

import java.util.Locale;

/** The validation metrics that can select a run's best epoch and drive early stopping. */
public enum SelectionMetric {
    /** Share of images classified correctly. */
    ACCURACY,
    /** Mean per-class recall. */
    BALANCED_ACCURACY,
    /** Mean per-class F1. */
    MACRO_F1,
    /** Area under the ROC curve (one-vs-rest mean for several classes). */
    AUC,
    /** Error weighted by the class weights (lower is better). */
    WEIGHTED_ERROR,
    /** Mean log loss (lower is better). */
    LOSS;

    /** @return the name as options and reports spell it, e.g. {@code balanced_accuracy} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return whether larger values are better */
    public boolean higherIsBetter() {
        return ClassificationReport.higherIsBetter(label());
    }

    /**
     * Reads the metric from a report.
     *
     * @param report the report
     * @return its value (NaN when the report cannot say, e.g. AUC with one class present)
     */
    public double of(ClassificationReport report) {
        return report.get(label());
    }
}
