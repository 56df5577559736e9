package dev.graft.zoo.weights;

import dev.graft.datasets.registry.RegistryProvider;

/**
 * Adds weight formats from a plug-in: implement it, list the class in {@code
 * META-INF/services/dev.graft.zoo.weights.WeightFormatProvider}, and {@code --weights} reads files
 * with the endings its formats claim.
 */
public interface WeightFormatProvider extends RegistryProvider<WeightFormat> {}
