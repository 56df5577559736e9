/** Architectures with torchvision topology and names, their specs and cut points, and the registry. */
package dev.graft.zoo.arch;
