package dev.graft.zoo.nn;

/**
 * A block standing for one tensor that torchvision registers directly on a module rather than
 * inside a layer, such as the Vision Transformer's {@code class_token} and {@code
 * encoder.pos_embedding}. {@link TorchNames} names its single parameter by the block's own path,
 * so import, freezing, saving and resuming see torchvision's name.
 */
public interface BareParameter {}
