/** Blocks that carry torchvision names: named containers, residual units, Fire modules, the ConvNeXt and Vision Transformer blocks, name mapping. */
package dev.graft.zoo.nn;
