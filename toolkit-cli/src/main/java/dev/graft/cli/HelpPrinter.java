package dev.graft.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a command's help: a usage line, its summary, then its options in titled sections, one
 * option per entry with its description wrapped beside it (or below it, for a long flag).
 */
final class HelpPrinter {

    /** Where descriptions start. */
    private static final int COLUMN = 32;

    /**
     * One option in help.
     *
     * @param flag the option as typed, e.g. {@code --epochs <N>}
     * @param description what it does, its default, and whether it is required
     */
    record Entry(String flag, String description) {}

    /**
     * A titled group of options.
     *
     * @param title e.g. {@code Training}
     * @param entries its options, in declaration order
     */
    record Section(String title, List<Entry> entries) {}

    private HelpPrinter() {}

    /**
     * Prints help.
     *
     * @param writer where to
     * @param usage the usage line's text after {@code usage: }
     * @param summary the command's one-line summary
     * @param sections the option groups, empty ones skipped
     * @param width the line width
     */
    static void print(PrintWriter writer, String usage, String summary, List<Section> sections, int width) {
        writer.println("usage: " + usage);
        writer.println(summary);
        for (Section section : sections) {
            if (section.entries().isEmpty()) {
                continue;
            }
            writer.println();
            writer.println(section.title() + ":");
            for (Entry entry : section.entries()) {
                String flag = "  " + entry.flag();
                List<String> lines = wrap(entry.description(), Math.max(20, width - COLUMN));
                if (flag.length() + 2 > COLUMN) {
                    writer.println(flag);
                } else {
                    writer.print(flag + " ".repeat(COLUMN - flag.length()));
                    writer.println(lines.isEmpty() ? "" : lines.remove(0));
                }
                lines.forEach(line -> writer.println(" ".repeat(COLUMN) + line));
            }
        }
        writer.flush();
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
