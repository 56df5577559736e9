package dev.graft.core.run;

import dev.graft.core.data.CachedSplit;

/**
 * A model's class probabilities for the images of one split.
 *
 * @param split the images and labels
 * @param probabilities per image, per class
 */
public record Predictions(CachedSplit split, float[][] probabilities) {}
