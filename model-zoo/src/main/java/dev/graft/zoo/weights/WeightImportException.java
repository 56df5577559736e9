package dev.graft.zoo.weights;

/**
 * A weight file cannot be imported: unreadable, unsafe, or not matching the architecture. The
 * message names the tensor, the file, what was expected and what was found, and a way out.
 */
public class WeightImportException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, where, and what to do
     */
    public WeightImportException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what is wrong, where, and what to do
     * @param cause the underlying failure
     */
    public WeightImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
