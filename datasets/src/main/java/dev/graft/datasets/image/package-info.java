/** Strict image decoding, conversion to RGB CHW floats, normalisation statistics, the bad-image policy. */
package dev.graft.datasets.image;
