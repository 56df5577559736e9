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
            .register("efficientnet_b0", EfficientNet.b0())
            .register("efficientnet_b1", EfficientNet.b1())
            .register("efficientnet_b2", EfficientNet.b2())
            .register("efficientnet_b3", EfficientNet.b3())
            .register("efficientnet_b4", EfficientNet.b4())
            .register("mobilenet_v3_small", MobileNetV3.small())
            .register("mobilenet_v3_large", MobileNetV3.large())
            .register("convnext_tiny", ConvNeXt.tiny())
            .register("convnext_small", ConvNeXt.small())
            .register("convnext_base", ConvNeXt.base())
            .register("convnext_small_config", ConvNeXt.smallConfig())
            .register("vit_b_16", VisionTransformer.b16())
            .register("vit_b_32", VisionTransformer.b32())
            .register("vit_small_config", VisionTransformer.smallConfig())
            .register("densenet121", DenseNet.densenet121())
            .register("densenet169", DenseNet.densenet169())
            .register("densenet201", DenseNet.densenet201())
            .load(ArchitectureProvider.class);

    private ArchitectureRegistry() {}
}
