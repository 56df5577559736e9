package dev.graft.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.Options;

/**
 * A verb with sub-verbs ({@code graft zoo list}), or the top-level {@code graft} itself: it
 * dispatches on the first argument, refuses duplicate names, and lists its verbs when the first
 * argument is missing, unknown or {@code --help}.
 */
public final class CommandGroup implements Command {

    private final String name;
    private final String summary;
    private final Map<String, Command> commands = new LinkedHashMap<>();

    /**
     * Creates a group.
     *
     * @param name the group's full name as typed, e.g. {@code graft zoo}
     * @param summary a one-line summary
     * @param members the sub-commands
     */
    public CommandGroup(String name, String summary, List<Command> members) {
        this.name = name;
        this.summary = summary;
        for (Command command : members) {
            if (commands.putIfAbsent(command.name(), command) != null) {
                throw new IllegalArgumentException("duplicate command " + command.name());
            }
        }
    }

    /** @return the last word of the group's full name: {@code zoo} for {@code graft zoo} */
    @Override
    public String name() {
        return name.substring(name.lastIndexOf(' ') + 1);
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    public Options options() {
        return new Options();
    }

    /** @return the sub-commands by name, in listing order */
    public Map<String, Command> commands() {
        return java.util.Collections.unmodifiableMap(commands);
    }

    /**
     * Runs the sub-command the first argument names. {@code help VERB...} is {@code VERB...
     * --help}; the top-level group also answers {@code --version}.
     */
    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            printUsage(args.length == 0 ? err : out);
            return args.length == 0 ? USAGE : OK;
        }
        if (!name.contains(" ") && (args[0].equals("--version") || args[0].equals("-V"))) {
            out.println(name + " " + dev.graft.core.GraftVersion.get());
            return OK;
        }
        if (args[0].equals("help") && !commands.containsKey("help")) {
            if (args.length == 1) {
                printUsage(out);
                return OK;
            }
            String[] asked = Arrays.copyOf(Arrays.copyOfRange(args, 1, args.length + 1), args.length);
            asked[args.length - 1] = "--help";
            return run(asked, out, err);
        }
        Command command = commands.get(args[0]);
        if (command == null) {
            err.println(name + ": unknown command '" + args[0] + "'.");
            printUsage(err);
            return USAGE;
        }
        return command.run(Arrays.copyOfRange(args, 1, args.length), out, err);
    }

    private void printUsage(PrintStream stream) {
        stream.println("Usage: " + name + " <command> [options]   (" + summary + ")");
        stream.println("Commands:");
        commands.values().forEach(c -> stream.printf("  %-10s %s%n", c.name(), c.summary()));
        stream.println("Run '" + name + " help <command>' (or '" + name + " <command> --help') for a command's options.");
    }
}
