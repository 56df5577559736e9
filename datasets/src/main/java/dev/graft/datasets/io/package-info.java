/** Readers for the forms users keep images in: ImageFolder trees, CSV manifests, NPZ arrays; atomic file writes. */
package dev.graft.datasets.io;
