package dev.graft.zoo.arch;

/**
 * An architecture whose trunk another runtime runs from a model file or folder (ONNX Runtime,
 * TensorFlow): it carries its own weights and trains with its trunk frozen only.
 */
public interface FrozenBackbone extends Architecture {

    /** @return {@code true}: the weights are the model file's own */
    @Override
    default boolean selfContained() {
        return true;
    }

    /** @return {@code false}: the trunk has no gradient */
    @Override
    default boolean trainable() {
        return false;
    }
}
