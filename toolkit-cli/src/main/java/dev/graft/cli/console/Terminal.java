package dev.graft.cli.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard error is a terminal, and how wide it is. Progress bars are drawn on stderr, so
 * that is the stream to ask about ({@link System#console()} asks about stdin and stdout, and says
 * no when only stdout is redirected to a file). Decided once, before {@link NativeStderrFilter}
 * turns stderr into a pipe: the launcher passes {@code GRAFT_STDERR_TTY} and {@code
 * GRAFT_COLUMNS}; without it (as with {@code java -jar}) Linux's {@code /proc/self/fd/2} tells.
 */
public final class Terminal {

    private static final boolean STDERR_IS_TERMINAL = detect();

    private Terminal() {}

    /** @return whether standard error was a terminal when graft started */
    public static boolean stderrIsTerminal() {
        return STDERR_IS_TERMINAL;
    }

    /** @return the terminal's width in columns, 100 when it cannot be told */
    public static int columns() {
        for (String name : new String[] {"GRAFT_COLUMNS", "COLUMNS"}) {
            try {
                int columns = Integer.parseInt(System.getenv().getOrDefault(name, ""));
                if (columns >= 20) {
                    return columns;
                }
            } catch (NumberFormatException e) {
                // not set or not a number: try the next source
            }
        }
        return 100;
    }

    private static boolean detect() {
        String told = System.getenv("GRAFT_STDERR_TTY");
        if (told != null) {
            return told.equals("1");
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
