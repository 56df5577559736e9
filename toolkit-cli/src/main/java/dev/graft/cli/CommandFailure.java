package dev.graft.cli;

/** A command failed for a reason the user can act on; the message says which and what to do. */
public class CommandFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param message one or two plain sentences
     * @param cause the underlying exception
     */
    public CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
