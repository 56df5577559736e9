package dev.graft.core.run;

import dev.graft.core.data.CachedSplit;
import dev.graft.core.metric.OperatingPoint;

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
     * Returns the same probabilities read at another operating point.
     *
     * @param other the operating point
     * @return the predictions
     */
    public Predictions at(OperatingPoint other) {
        return new Predictions(split, probabilities, other);
    }
}
