package dev.graft.core.metric;

/**
 * Precision, recall and F1 of one class.
 *
 * @param name the class name
 * @param precision true positives over predicted positives (0 when nothing was predicted)
 * @param recall true positives over actual positives (sensitivity)
 * @param f1 the harmonic mean of precision and recall
 * @param support how many examples have this class
 */
public record ClassMetrics(String name, double precision, double recall, double f1, int support) {}
