/** Decoded, in-memory splits from which normalised batches are made. */
package dev.graft.core.data;
