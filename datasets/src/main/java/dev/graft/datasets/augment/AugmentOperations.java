package dev.graft.datasets.augment;

import dev.graft.datasets.registry.Registry;
import java.util.stream.Collectors;

/**
 * The augmentation operations a spec can name: the built-in ones below, one line each, plus those
 * of every {@link AugmentOperationProvider} on the class path. Help texts list them from here.
 */
public final class AugmentOperations {

    /** The shared registry: the built-in operations below, then the service-loaded ones; plug-ins may add to it. */
    public static final Registry<AugmentOperation> REGISTRY = new Registry<AugmentOperation>("augmentation operation")
            .register("hflip", new ImageOperation("", 0.5, a -> new Geometric.HorizontalFlip()))
            .register("vflip", new ImageOperation("", 0.5, a -> new Geometric.VerticalFlip()))
            .register("rotate", new ImageOperation("DEG", 1, a -> new Geometric.Rotate(a.get(0, 15, "DEG", 0, 180))))
            .register("affine", new ImageOperation("SCALE:SHEAR:TRANSLATE", 1,
                    a -> new Geometric.Affine(a.get(0, 0.1, "SCALE", 0, 0.99),
                    a.get(1, 10, "SHEAR", 0, 89), a.get(2, 0.1, "TRANSLATE", 0, 1))))
            .register("elastic", new ImageOperation("ALPHA:SIGMA", 1, a -> new Geometric.Elastic(a.get(0, 8, "ALPHA", 0, Double.POSITIVE_INFINITY),
                    a.get(1, 4, "SIGMA", 0.1, Double.POSITIVE_INFINITY))))
            .register("rrc", new ImageOperation("MIN-MAX", 1, a -> new Geometric.ResizedCrop(a.get(0, 0.08, "MIN", 0.01, 1),
                    a.get(1, 1.0, "MAX", a.get(0, 0.08), 1))))
            .register("pad", new ImageOperation("PX", 1, a -> new Geometric.PadCrop((int) a.get(0, 8, "PX", 0, 1024))))
            .register("jitter", new ImageOperation("B[:C:S:H]", 1, a -> new Photometric.Jitter(a.get(0, 0.2, "B", 0, 1),
                    a.get(1, a.get(0, 0.2), "C", 0, 1), a.get(2, a.get(0, 0.2), "S", 0, 1), a.get(3, 0, "H", 0, 0.5))))
            .register("noise", new ImageOperation("STD", 1, a -> new Photometric.Noise(a.get(0, 0.02, "STD", 0, 1))))
            .register("blur", new ImageOperation("SIGMA", 1, a -> new Photometric.Blur(a.get(0, 1.0, "SIGMA", 0.1, 50))))
            .register("grayscale", new ImageOperation("", 0.1, a -> new Photometric.Grayscale()))
            .register("erase", new ImageOperation("AREA", 0.5, a -> new Photometric.Erasing(a.get(0, 0.33, "AREA", 0.02, 1))))
            .register("solarize", new ImageOperation("THRESHOLD", 0.5, a -> new Solarize(a.get(0, 0.5, "THRESHOLD", 0, 1))))
            .register("randaugment", new ImageOperation("N:M", 1, a -> new RandAugment((int) a.get(0, 2), (int) a.get(1, 9))))
            .register("mixup", new BatchMixOperation(false, 0.2))
            .register("cutmix", new BatchMixOperation(true, 1.0))
            .load(AugmentOperationProvider.class);

    private AugmentOperations() {}

    /**
     * Lists how each operation is written, for help texts.
     *
     * @param registry the operations
     * @return in registration order, e.g. {@code hflip (p 0.5), vflip (p 0.5), rotate=DEG, …}
     */
    public static String usage(Registry<AugmentOperation> registry) {
        return registry.entries().entrySet().stream().map(e -> e.getValue().usage(e.getKey())).collect(Collectors.joining(", "));
    }
}
