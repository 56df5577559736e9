package dev.graft.zoo.weights;

/**
 * Carries a {@link WeightImportException} through an API that cannot declare it (as {@link
 * java.io.UncheckedIOException} does for I/O): the file is bad, not the usage, so the command
 * line reports it as a failure (exit 1) with the wrapped message.
 */
public class UncheckedWeightImportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Wraps an exception, keeping its message.
     *
     * @param cause the checked exception
     */
    public UncheckedWeightImportException(WeightImportException cause) {
        super(cause.getMessage(), cause);
    }

    @Override
    public synchronized WeightImportException getCause() {
        return (WeightImportException) super.getCause();
    }
}
