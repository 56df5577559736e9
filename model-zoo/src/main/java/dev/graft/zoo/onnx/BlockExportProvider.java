package dev.graft.zoo.onnx;

import dev.graft.datasets.registry.RegistryProvider;

/**
 * Adds ONNX exports for more block types from a plug-in: implement it and list the class in
 * {@code META-INF/services/dev.graft.zoo.onnx.BlockExportProvider}.
 */
public interface BlockExportProvider extends RegistryProvider<BlockExport> {}
