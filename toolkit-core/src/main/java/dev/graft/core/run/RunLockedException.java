package dev.graft.core.run;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Another process (or another run in this one) is writing the run directory: it holds the
 * directory's lock. The message names the directory, the lock file and the way out.
 */
public final class RunLockedException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param run the run directory
     * @param lock its lock file
     */
    public RunLockedException(Path run, Path lock) {
        super(run + " is being written by another graft process (lock " + lock
                + "); wait for it or choose another out folder.");
    }
}
