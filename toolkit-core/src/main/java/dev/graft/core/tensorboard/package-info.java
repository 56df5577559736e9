/**
 * TensorBoard output: event files (TFRecord framing of {@code Event} protobufs) with a run's
 * scalars per epoch and its evaluation images, and Embedding Projector folders for embeddings.
 */
package dev.graft.core.tensorboard;
