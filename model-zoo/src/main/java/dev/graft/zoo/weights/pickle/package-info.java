/** A restricted pickle reader that rebuilds tensors and plain containers only. */
package dev.graft.zoo.weights.pickle;
