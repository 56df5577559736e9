/** Weight importers (safetensors, PyTorch zip archives, ONNX, DJL zoo URLs) and strict loading. */
package dev.graft.zoo.weights;
