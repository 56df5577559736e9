/**
 * How a run's JSON files are written and read: the mappers, snake_case keys, and the {@code
 * format_version} that lets a newer Graft open older runs and refuse newer ones. The lowest core
 * package: the model, training, diagnosis and run packages all write through it.
 */
package dev.graft.core.io;
