package dev.graft.cli.console;

import java.util.List;

/**
 * How much a command says on stderr: {@link #QUIET} only warnings and errors, {@link #NORMAL}
 * progress (a bar on a terminal, one line per epoch otherwise), {@link #VERBOSE} also each long
 * step's timing and the libraries' own logs and native warnings.
 */
public enum Verbosity {
    /** Warnings and errors only ({@code --quiet}). */
    QUIET,
    /** Progress and one line per epoch. */
    NORMAL,
    /** Everything, native chatter included ({@code --verbose}). */
    VERBOSE;

    /**
     * Reads the level from a command line.
     *
     * @param args the arguments
     * @return the level ({@code --quiet} wins over {@code --verbose})
     */
    public static Verbosity of(List<String> args) {
        return args.contains("--quiet") ? QUIET : args.contains("--verbose") ? VERBOSE : NORMAL;
    }
}
