package dev.graft.cli;

import java.io.PrintStream;
import org.apache.commons.cli.Options;

/**
 * One {@code graft} verb: its name, a one-line summary, its options, and how to run it. Exit
 * codes: {@link #OK}, {@link #FAILURE}, {@link #USAGE}.
 */
public interface Command {

    /** Exit code for success. */
    int OK = 0;
    /** Exit code for a failure while running. */
    int FAILURE = 1;
    /** Exit code for bad usage. */
    int USAGE = 2;

    /** @return the verb, e.g. {@code list} */
    String name();

    /** @return a one-line summary for help listings */
    String summary();

    /** @return the command's options (for parsing and {@code --help}) */
    Options options();

    /**
     * Runs the command.
     *
     * @param args the arguments after the verb
     * @param out where results go
     * @param err where errors go
     * @return the exit code
     */
    int run(String[] args, PrintStream out, PrintStream err);
}
