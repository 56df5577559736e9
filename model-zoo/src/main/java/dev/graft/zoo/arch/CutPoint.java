package dev.graft.zoo.arch;

/**
 * A named depth at which a backbone can be cut: everything up to and including {@code module}
 * is kept. A pooled cut point ends in a global average pool, giving a vector per image.
 *
 * @param name the user-facing name, e.g. {@code layer3} or {@code pool}
 * @param module the last top-level module kept, by torchvision name
 * @param channels the feature size there (channels of the map, or the vector length)
 * @param stride the total downsampling factor there (input side / feature-map side)
 * @param appendPool whether a global average pool is added after {@code module}
 * @param vector whether {@code module} already gives a vector per image (e.g. a classifier's
 *     hidden layer), so nothing is pooled
 */
public record CutPoint(String name, String module, int channels, int stride, boolean appendPool, boolean vector) {

    /**
     * A cut point whose module gives a feature map, or a vector if {@code name} is {@code pool}.
     *
     * @param name the name
     * @param module the last module kept
     * @param channels feature channels there
     * @param stride downsampling there
     * @param appendPool whether a global average pool is added after {@code module}
     */
    public CutPoint(String name, String module, int channels, int stride, boolean appendPool) {
        this(name, module, channels, stride, appendPool, false);
    }

    /** Validates the fields. */
    public CutPoint {
        if (name == null || name.isBlank() || module == null || module.isBlank()) {
            throw new IllegalArgumentException("cut point needs a name and a module");
        }
        if (channels <= 0 || stride <= 0) {
            throw new IllegalArgumentException(name + ": channels and stride must be positive");
        }
    }

    /**
     * A cut point after a module, without extra pooling.
     *
     * @param name the name (also the module, unless they differ)
     * @param module the last module kept
     * @param channels feature channels there
     * @param stride downsampling there
     * @return the cut point
     */
    public static CutPoint at(String name, String module, int channels, int stride) {
        return new CutPoint(name, module, channels, stride, false);
    }

    /**
     * A cut point after a module that already gives a vector per image, such as the hidden layer
     * of a pretrained classifier (timm's "pre-logits").
     *
     * @param name the name
     * @param module the last module kept
     * @param width the vector's length
     * @param stride downsampling of the map it was pooled from
     * @return the cut point
     */
    public static CutPoint vectorAt(String name, String module, int width, int stride) {
        return new CutPoint(name, module, width, stride, false, true);
    }

    /** @return true if features here are vectors rather than maps */
    public boolean pooled() {
        return appendPool || vector || "pool".equals(name);
    }
}
