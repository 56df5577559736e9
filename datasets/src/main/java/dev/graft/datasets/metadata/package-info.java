/**
 * Tabular inputs beside the image: which manifest columns a model reads ({@link
 * dev.graft.datasets.metadata.MetadataColumns}) and how they become numbers, fitted on training
 * rows only ({@link dev.graft.datasets.metadata.MetadataEncoding}).
 */
package dev.graft.datasets.metadata;
