package dev.graft.datasets.augment;

import dev.graft.datasets.registry.RegistryProvider;

/**
 * Adds augmentation operations from a plug-in: implement it, list the class in {@code
 * META-INF/services/dev.graft.datasets.augment.AugmentOperationProvider}, and specs can name the
 * operations it registers.
 */
public interface AugmentOperationProvider extends RegistryProvider<AugmentOperation> {}
