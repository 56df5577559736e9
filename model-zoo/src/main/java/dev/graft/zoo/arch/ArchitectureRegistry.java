package dev.graft.zoo.arch;

import dev.graft.datasets.registry.Registry;

/**
 * The architectures Graft knows, by name: the built-in torchvision ones below, one line each,
 * plus those of every {@link ArchitectureProvider} on the class path ({@code
 * META-INF/services/dev.graft.zoo.arch.ArchitectureProvider}). A duplicate name is refused; an
 * unknown one fails naming the nearest names. A name is its architecture's {@code spec().name()}.
 */
public final class ArchitectureRegistry {

    private static final Registry<Architecture> REGISTRY = standard();

    private ArchitectureRegistry() {}

    /** @return the shared registry {@code --arch} names are looked up in; plug-ins may add to it */
    public static Registry<Architecture> registry() {
        return REGISTRY;
    }

    /** @return a new registry with the built-in and service-loaded architectures */
    public static Registry<Architecture> standard() {
        return new Registry<Architecture>("architecture")
                .register("resnet18", ResNet.resnet18())
                .register("resnet34", ResNet.resnet34())
                .register("resnet50", ResNet.resnet50())
                .register("mobilenet_v2", new MobileNetV2())
                .register("squeezenet1_1", new SqueezeNet())
                .load(ArchitectureProvider.class);
    }
}
