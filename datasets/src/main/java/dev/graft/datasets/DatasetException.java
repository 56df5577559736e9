package dev.graft.datasets;

/**
 * A dataset cannot be read as given: a missing folder, a bad CSV line, a corrupt image. The
 * message names the file (and line) and says what to do.
 */
public class DatasetException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and where
     */
    public DatasetException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what is wrong and where
     * @param cause the underlying failure
     */
    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
