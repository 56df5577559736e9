/** Blocks that carry torchvision names: named containers, residual units, Fire modules, name mapping. */
package dev.graft.zoo.nn;
