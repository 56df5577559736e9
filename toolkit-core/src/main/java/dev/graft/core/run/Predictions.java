package dev.graft.core.run;

import dev.graft.core.data.CachedSplit;
import dev.graft.core.metric.OperatingPoint;
import java.io.IOException;

/**
 * A model's class probabilities for the images of one split, and the operating point that turns
 * them into predicted classes.
 *
 * @param split the images and labels
 * @param probabilities per image, per class
 * @param point how probabilities become a class
 */
public record Predictions(CachedSplit split, float[][] probabilities, OperatingPoint point) {

    /**
     * Returns an image's predicted class.
     *
     * @param i the image's index in the split
     * @return the class index
     */
    public int predicted(int i) {
        return point.predict(probabilities[i]);
    }

    /**
     * Refuses probabilities that are not finite: they come from weights that are not (a run that
     * diverged, or a damaged weights file), and would score as nonsense such as AUC 1.0.
     *
     * @param model the run (or ensemble member) that gave them, for the message
     * @return these predictions
     * @throws IOException naming the run when any probability is NaN or infinite
     */
    public Predictions requireFinite(String model) throws IOException {
        long bad = java.util.Arrays.stream(probabilities).filter(row -> {
            for (float v : row) {
                if (!Float.isFinite(v)) {
                    return true;
                }
            }
            return false;
        }).count();
        if (bad > 0) {
            throw new IOException(model + ": the model's outputs are not finite (NaN or infinite for " + bad + " of "
                    + probabilities.length + " images), so its weights are not finite; it cannot be evaluated or predict."
                    + " Train it again (a lower learning rate) or use another run.");
        }
        return this;
    }

    /**
     * Returns the same probabilities read at another operating point.
     *
     * @param other the operating point
     * @return the predictions
     */
    public Predictions at(OperatingPoint other) {
        return new Predictions(split, probabilities, other);
    }
}
