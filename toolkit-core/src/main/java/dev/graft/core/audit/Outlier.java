package dev.graft.core.audit;

/**
 * An image unlike the rest.
 *
 * @param index the image
 * @param reason {@code far} (far from its nearest neighbours), {@code constant} (near-constant
 *     pixels) or {@code stats:<measure>} (size or colour unlike the rest)
 * @param score the robust z-score (or grey standard deviation for {@code constant})
 */
public record Outlier(int index, String reason, double score) { }
