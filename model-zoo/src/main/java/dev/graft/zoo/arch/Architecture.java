package dev.graft.zoo.arch;

import dev.graft.zoo.nn.NamedSequential;
import java.util.List;

/**
 * An architecture Graft owns the structure of: it builds the whole network as native DJL blocks
 * named like torchvision's, so weights import by name and the network can be cut at any of its
 * {@link ArchitectureSpec#cutPoints()}. Implementations are registered in {@link
 * ArchitectureRegistry}; users can add their own through an {@link ArchitectureProvider}.
 */
public interface Architecture {

    /** @return the spec: name, preprocessing, cut points */
    ArchitectureSpec spec();

    /**
     * Builds the full network, trunk and classifier, with fresh (uninitialised) parameters.
     *
     * @param numClasses the classifier's outputs (1000 for ImageNet weights)
     * @return the network; its top-level children include every cut point's module
     */
    NamedSequential build(int numClasses);

    /**
     * Builds the network to be cut at one of its cut points. Most architectures' cut points are
     * depths of one network, so the default builds the whole network; an architecture whose cut
     * points are alternative outputs (a SavedModel's signature outputs) builds the one the cut
     * names.
     *
     * @param numClasses the classifier's outputs
     * @param cut the cut point the network will be cut at
     * @return the network; its top-level children include {@code cut}'s module
     */
    default NamedSequential build(int numClasses, CutPoint cut) {
        return build(numClasses);
    }

    /**
     * Tells whether the architecture carries its own weights (a backbone read from a model file),
     * so there are no separate weights to import into it.
     *
     * @return {@code false} for the zoo's architectures
     */
    default boolean selfContained() {
        return false;
    }

    /**
     * Names the "layers" of layer-wise learning-rate decay in a trunk cut from this architecture,
     * shallowest first, as parameter-name prefixes (a parameter belongs to the longest prefix it
     * starts with). The default, each top-level module that holds parameters, fits architectures
     * whose top-level modules are their blocks (MobileNetV2's {@code features.N}, ViT's encoder
     * layers); one whose top-level modules are coarser may split them into finer prefixes.
     *
     * @param modules the cut trunk's top-level modules that hold parameters, shallowest first
     * @return the layers, shallowest first, covering every one of those modules' parameters
     */
    default List<String> decayLayers(List<String> modules) {
        return modules;
    }

    /**
     * Tells whether the trunk can be fine-tuned; a backbone run by another runtime cannot, and
     * trains with its trunk frozen only.
     *
     * @return {@code true} for the zoo's architectures
     */
    default boolean trainable() {
        return true;
    }

    /**
     * Tells whether reference arrays for this architecture's source (inputs, outputs, features)
     * are channels-last, as Keras and TensorFlow.js write them; verification moves them to the
     * network's channels-first layout.
     *
     * @return {@code false} for the zoo's architectures (PyTorch references are NCHW)
     */
    default boolean channelsLastReferences() {
        return false;
    }
}
