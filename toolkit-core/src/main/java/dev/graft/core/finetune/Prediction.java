package dev.graft.core.finetune;

import java.util.List;

/**
 * One image's prediction.
 *
 * @param source the image (its path, or the name given to an in-memory image)
 * @param label the predicted class, by the run's decision rule
 * @param classNames the classes, in output order
 * @param probabilities a probability per class
 */
public record Prediction(String source, String label, List<String> classNames, float[] probabilities) {

    /** Copies the arrays. */
    public Prediction {
        classNames = List.copyOf(classNames);
        probabilities = probabilities.clone();
    }

    /**
     * The probability of a class.
     *
     * @param className the class
     * @return its probability
     * @throws IllegalArgumentException naming the classes if the class is unknown
     */
    public float probability(String className) {
        int i = classNames.indexOf(className);
        if (i < 0) {
            throw new IllegalArgumentException("unknown class '" + className + "'; the classes are " + classNames + ".");
        }
        return probabilities[i];
    }
}
