package dev.graft.cli.command;

import dev.graft.datasets.image.SkippedImage;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one line {@code --skip-bad} prints on standard error: how many images were left out, and
 * which (the first few by name, with why), so a skipped image never goes unnoticed.
 */
final class SkippedReport {

    /** How many skipped files are named on the line; the rest are counted. */
    static final int NAMED = 5;

    private SkippedReport() {}

    /**
     * Prints the line, when anything was skipped.
     *
     * @param err where it goes
     * @param command the command's name, e.g. {@code graft evaluate}
     * @param skipped the images left out
     * @param where where the full list is, or {@code null} when the line is the only list
     */
    static void print(PrintStream err, String command, List<SkippedImage> skipped, String where) {
        if (skipped.isEmpty()) {
            return;
        }
        String named = skipped.stream().limit(NAMED).map(s -> s.file() + " (" + s.cause().replaceFirst("\\.$", "") + ")")
                .collect(Collectors.joining("; "));
        String more = skipped.size() > NAMED ? "; and " + (skipped.size() - NAMED) + " more" : "";
        err.println(command + ": skipped " + skipped.size() + (skipped.size() == 1 ? " image" : " images")
                + " that could not be decoded (--skip-bad): " + named + more + (where == null ? "." : "; all are listed in " + where + "."));
    }
}
