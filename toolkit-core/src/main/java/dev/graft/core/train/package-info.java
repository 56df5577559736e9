/** The training loop, optimisers with saveable state, schedules, losses, checkpoints, listeners. */
package dev.graft.core.train;
