/**
 * Multi-task learning: task specs and the tasks file, each task's labels from a manifest column
 * (missing cells masked), the masked and weighted multi-task loss (fixed weights or
 * Kendall–Gal–Cipolla uncertainty weighting), the soft-sharing penalty between per-task trunk
 * copies, and per-task metrics on labelled images. Training is {@code train.MultiTaskTuner}; the
 * model layout is {@code model.TaskBranches}.
 */
package dev.graft.core.multitask;
