/** Bias, variance and data-mismatch diagnosis of a run, from its errors on the four splits. */
package dev.graft.core.diagnose;
