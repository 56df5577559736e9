/**
 * Building blocks for multi-task learning (issue 4, not yet wired into training): task specs,
 * one head per task over a shared trunk, the masked and weighted multi-task loss (fixed weights
 * or Kendall–Gal–Cipolla uncertainty weighting), and the soft-sharing penalty between trunks.
 */
package dev.graft.core.multitask;
