package dev.graft.zoo.keras;

import dev.graft.datasets.registry.RegistryProvider;

/**
 * Adds Keras layer exports for more block types from a plug-in: implement it and list the class in
 * {@code META-INF/services/dev.graft.zoo.keras.KerasLayerExportProvider}.
 */
public interface KerasLayerExportProvider extends RegistryProvider<KerasLayerExport> {}
