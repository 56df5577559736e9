package dev.graft.core.train;

/** The loss became NaN, infinite or exploded; the message suggests a lower learning rate. */
public class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to try
     */
    public TrainingDivergedException(String message) {
        super(message);
    }
}
