/**
 * Where images come from: ImageFolder trees, CSV manifests and NPZ arrays read into {@link
 * dev.graft.datasets.ImageDataset}s, plus splits, decoding and normalisation statistics.
 */
package dev.graft.datasets;
