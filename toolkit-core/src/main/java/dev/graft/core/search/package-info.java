/**
 * Hyper-parameter search: a space over fine-tuning options, strategies (grid, random,
 * coarse-to-fine, successive halving) that propose trials round by round, and the loop that runs
 * them, records {@code trials.csv} and resumes.
 */
package dev.graft.core.search;
