package dev.graft.zoo.arch;

import dev.graft.datasets.registry.Registry;

/**
 * The architectures Graft knows, by name: the built-in torchvision ones below, one line each,
 * plus those of every {@link ArchitectureProvider} on the class path ({@code
 * META-INF/services/dev.graft.zoo.arch.ArchitectureProvider}). A duplicate name is refused; an
 * unknown one fails naming the nearest names. A name is its architecture's {@code spec().name()}.
 */
public final class ArchitectureRegistry {

    /** The shared registry: the built-in architectures below, then the service-loaded ones; plug-ins may add to it. */
    public static final Registry<Architecture> REGISTRY = new Registry<Architecture>("architecture")
            .register("resnet18", ResNet.resnet18())
            .register("resnet34", ResNet.resnet34())
            .register("resnet50", ResNet.resnet50())
            .register("mobilenet_v2", new MobileNetV2())
            .register("squeezenet1_1", new SqueezeNet())
            .register("densenet121", DenseNet.densenet121())
            .register("densenet169", DenseNet.densenet169())
            .register("densenet201", DenseNet.densenet201())
            .load(ArchitectureProvider.class);

    private ArchitectureRegistry() {}
}
