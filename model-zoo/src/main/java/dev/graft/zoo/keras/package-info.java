/** Keras and TensorFlow.js interop: writing Graft networks as Keras layers (TensorFlow.js layers models). */
package dev.graft.zoo.keras;
