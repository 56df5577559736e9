package dev.graft.core.audit;

/**
 * Two images that are the same picture: identical decoded pixels, or embeddings whose cosine
 * similarity is above the near-duplicate threshold.
 *
 * @param kind {@code exact} or {@code near}
 * @param a one image's index
 * @param b the other's, greater than {@code a}
 * @param similarity cosine similarity of their embeddings (1 for exact copies without embeddings)
 * @param hashDistance differing bits of their difference hashes (0–64)
 * @param crossSplit whether they sit in different splits (leakage)
 * @param conflict whether their labels differ
 */
public record DuplicatePair(String kind, int a, int b, double similarity, int hashDistance, boolean crossSplit, boolean conflict) { }
