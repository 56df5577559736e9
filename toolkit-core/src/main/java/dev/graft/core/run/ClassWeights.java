package dev.graft.core.run;

import java.util.List;
import java.util.Map;

/**
 * Resolves {@code --class-weight} values into a weight per class: named classes get their
 * weight ({@code mel=10}: a melanoma error costs ten benign ones), others 1; {@code auto} gives
 * inverse class frequency, normalised to mean 1.
 */
public final class ClassWeights {

    /** The key that asks for inverse-frequency weights. */
    public static final String AUTO = "auto";

    private ClassWeights() {}

    /**
     * Resolves weights.
     *
     * @param requested weights by class name, or {@code {auto: …}}
     * @param classNames the classes
     * @param counts training images per class
     * @return a weight per class
     * @throws IllegalArgumentException naming an unknown class or a non-positive weight
     */
    public static float[] resolve(Map<String, Float> requested, List<String> classNames, int[] counts) {
        float[] weights = new float[classNames.size()];
        java.util.Arrays.fill(weights, 1f);
        if (requested.containsKey(AUTO)) {
            long total = java.util.Arrays.stream(counts).sum();
            for (int c = 0; c < weights.length; c++) {
                weights[c] = counts[c] == 0 ? 1f : (float) total / (weights.length * counts[c]);
            }
            return weights;
        }
        for (Map.Entry<String, Float> entry : requested.entrySet()) {
            int index = classNames.indexOf(entry.getKey());
            if (index < 0) {
                throw new IllegalArgumentException("class-weight names class '" + entry.getKey() + "', but the classes are " + classNames);
            }
            if (!(entry.getValue() > 0)) {
                throw new IllegalArgumentException("class-weight " + entry.getKey() + " must be positive, got " + entry.getValue());
            }
            weights[index] = entry.getValue();
        }
        return weights;
    }
}
