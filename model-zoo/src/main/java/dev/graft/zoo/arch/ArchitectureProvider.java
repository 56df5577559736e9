package dev.graft.zoo.arch;

import dev.graft.datasets.registry.RegistryProvider;

/**
 * Adds architectures from a plug-in: implement it, list the class in {@code
 * META-INF/services/dev.graft.zoo.arch.ArchitectureProvider}, and {@code --arch} can name the
 * architectures it registers (each under its {@code spec().name()}).
 */
public interface ArchitectureProvider extends RegistryProvider<Architecture> {}
