/** {@code graft audit}: leakage, duplicates, label issues, outliers and split shift in a run's data, before training on it. */
package dev.graft.core.audit;
