package dev.graft.zoo.weights.pickle;

/**
 * A pickle asked for something outside the restricted unpickler's allow-list (a global such as
 * {@code os.system}, or an unsupported opcode). Nothing from the pickle has been executed.
 */
public class UnsafePickleException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was refused
     */
    public UnsafePickleException(String message) {
        super(message);
    }
}
