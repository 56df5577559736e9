package dev.graft.zoo.arch;

import dev.graft.datasets.image.Normalization;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What travels with an architecture (timm's {@code default_cfg}): input size and preprocessing,
 * the names of its stem and classifier modules, its ordered cut points, and the parameter count
 * of the 1000-class ImageNet model, which must equal torchvision's.
 *
 * @param name the registry name, e.g. {@code resnet18}
 * @param inputSize the side of the square input the weights were trained at
 * @param resizeSize the shorter side images are resized to before the centre crop
 * @param normalization the input normalisation the weights expect
 * @param cutPoints the cut points, shallow to deep; the last is {@code pool}
 * @param stemName the first module's name
 * @param classifierName the classifier module's name (replaced by new heads)
 * @param imagenetParameters trainable parameters of the 1000-class model
 */
public record ArchitectureSpec(
        String name,
        int inputSize,
        int resizeSize,
        Normalization normalization,
        List<CutPoint> cutPoints,
        String stemName,
        String classifierName,
        long imagenetParameters) {

    /** Copies the list and checks names are unique and the last cut point is pooled. */
    public ArchitectureSpec {
        cutPoints = List.copyOf(cutPoints);
        if (cutPoints.stream().map(CutPoint::name).distinct().count() != cutPoints.size()) {
            throw new IllegalArgumentException(name + ": duplicate cut point names");
        }
        if (cutPoints.isEmpty() || !cutPoints.get(cutPoints.size() - 1).pooled()) {
            throw new IllegalArgumentException(name + ": the last cut point must be pooled");
        }
    }

    /**
     * Finds a cut point by name.
     *
     * @param cutName the name
     * @return the cut point
     * @throws IllegalArgumentException listing the valid names if there is none
     */
    public CutPoint cut(String cutName) {
        return cutPoints.stream()
                .filter(c -> c.name().equals(cutName))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "unknown cut point '"
                                                + cutName
                                                + "' for "
                                                + name
                                                + "; valid cut points: "
                                                + cutPointNames()));
    }

    /** @return the cut point names, comma separated */
    public String cutPointNames() {
        return cutPoints.stream().map(CutPoint::name).collect(Collectors.joining(", "));
    }
}
