package dev.graft.zoo.verify;

/**
 * How far a network's features at a cut point are from reference features for one input.
 *
 * @param cutPoint the cut point whose output was compared, e.g. {@code features}
 * @param parity the differences, named after the reference file, e.g. {@code features_0.npy}
 */
public record FeatureParity(String cutPoint, ParityResult parity) {}
