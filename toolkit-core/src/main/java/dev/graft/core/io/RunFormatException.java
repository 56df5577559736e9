package dev.graft.core.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A run file this Graft cannot read: its {@code format_version} is newer than the one this
 * Graft writes, or not a version at all. The message names the file, both versions and what to
 * do.
 */
public final class RunFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The file refused. */
    private final transient Path file;

    /**
     * Creates the exception.
     *
     * @param file the file refused
     * @param message one line naming the file, the versions and the way out
     */
    public RunFormatException(Path file, String message) {
        super(message);
        this.file = file;
    }

    /** @return the file refused */
    public Path file() {
        return file;
    }
}
