/** Terminal rendering of training progress. */
package dev.graft.cli.progress;
