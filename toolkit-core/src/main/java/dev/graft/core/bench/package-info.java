/** Throughput and memory benchmarks comparable with the PyTorch peer. */
package dev.graft.core.bench;
