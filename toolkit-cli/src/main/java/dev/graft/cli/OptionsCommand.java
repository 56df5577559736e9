package dev.graft.cli;

import dev.graft.cli.console.Verbosity;
import dev.graft.cli.progress.ProgressBar;
import dev.graft.core.options.OptionGroup;
import dev.graft.core.progress.Progress;
import dev.graft.zoo.weights.UncheckedWeightImportException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * Base for leaf commands: parses options with Apache Commons CLI, answers {@code --help}, turns
 * parse errors and {@link IllegalArgumentException}s into usage errors (exit 2) and {@link
 * CommandFailure}s, unreadable files and anything else that escapes (even a {@link
 * StackOverflowError} or {@link OutOfMemoryError}) into failures (exit 1), each as one or two
 * plain sentences on stderr, never a stack trace unless {@code GRAFT_DEBUG} is set.
 */
public abstract class OptionsCommand implements Command {

    /** Options every command takes, listed last in help. */
    private static final List<String> GENERAL = List.of("help", "quiet", "verbose");

    private final String fullName;
    private ProgressBar progress;

    /**
     * Creates the command.
     *
     * @param fullName the verb as typed, e.g. {@code graft zoo list}, for help and errors
     */
    protected OptionsCommand(String fullName) {
        this.fullName = fullName;
    }

    /**
     * Declares the command's own options ({@code --help} is added for it).
     *
     * @param options the options to add to
     */
    protected abstract void declare(Options options);

    /**
     * Runs with parsed options.
     *
     * @param line the parsed command line
     * @param out where results go
     * @param err where warnings go
     * @return the exit code
     * @throws CommandFailure for failures the user can act on
     */
    protected abstract int execute(CommandLine line, PrintStream out, PrintStream err) throws CommandFailure;

    @Override
    public final Options options() {
        Options options = new Options();
        declare(options);
        options.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
        options.addOption(Option.builder().longOpt("quiet").desc("print only results, warnings and errors").build());
        options.addOption(Option.builder().longOpt("verbose")
                .desc("also print each long step's timing, the libraries' logs and native warnings").build());
        return options;
    }

    /** @return the command as typed, e.g. {@code graft zoo list} */
    public final String fullName() {
        return fullName;
    }

    /**
     * The renderer of this run's progress on stderr; the core's long steps report to it while
     * {@link #execute} runs.
     *
     * @return the renderer
     */
    protected final ProgressBar progress() {
        return progress;
    }

    /**
     * Options a command cannot run without (help marks them); a command checks them itself, as a
     * config file may supply them.
     *
     * @return their long names
     */
    protected Set<String> requiredOptions() {
        return Set.of();
    }

    @Override
    public final int run(String[] args, PrintStream out, PrintStream err) {
        Options options = options();
        CommandLine line;
        try {
            line = new DefaultParser().parse(options, args);
        } catch (ParseException e) {
            err.println(fullName + ": " + e.getMessage() + ". Run '" + fullName + " --help' for usage.");
            return USAGE;
        }
        if (line.hasOption("help")) {
            printHelp(out, options);
            return OK;
        }
        progress = new ProgressBar(err, Verbosity.of(Arrays.asList(args)));
        try (Progress.Scope scope = Progress.listen(progress)) {
            return execute(line, out, err);
        } catch (IllegalArgumentException e) {
            err.println(fullName + ": " + e.getMessage());
            return USAGE;
        } catch (CommandFailure e) {
            err.println(fullName + ": " + e.getMessage());
            return FAILURE;
        } catch (UncheckedIOException | UncheckedWeightImportException e) {
            err.println(fullName + ": " + e.getMessage());
            return FAILURE;
        } catch (RuntimeException | Error e) {
            // Nothing may end as a stack trace: an Error (a deep structure overflowing the stack, an
            // allocation the heap cannot hold) becomes one line too; GRAFT_DEBUG=1 shows the trace.
            String what = e instanceof StackOverflowError ? "ran out of stack (the input nests too deeply)"
                    : e instanceof OutOfMemoryError ? "ran out of memory (" + e.getMessage() + "); give Java more heap,"
                            + " e.g. GRAFT_JAVA_OPTS=-Xmx16g, or use smaller inputs"
                    : "failed unexpectedly: " + e + ". Please report it";
            err.println((fullName + ": " + what + ". Set GRAFT_DEBUG=1 for details.").replaceAll("\\s*\\R\\s*", " "));
            if (System.getenv("GRAFT_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return FAILURE;
        }
    }

    /**
     * Prints help: core options by group, in declaration order, with their defaults; the
     * command's own options; then the options every command takes. Required options are marked.
     *
     * @param out where to
     * @param options the command's options
     */
    private void printHelp(PrintStream out, Options options) {
        Set<String> listed = new HashSet<>(GENERAL);
        List<HelpPrinter.Section> sections = new ArrayList<>();
        List<dev.graft.core.options.Option<?>> declared = declaredOptions();
        for (OptionGroup group : OptionGroup.values()) {
            List<HelpPrinter.Entry> entries = new ArrayList<>();
            declared.stream().filter(o -> o.group() == group).forEach(o -> {
                listed.add(o.name());
                entries.add(entry(options.getOption(o.name()), o.description()));
            });
            sections.add(new HelpPrinter.Section(group.title(), entries));
        }
        List<HelpPrinter.Entry> own = new ArrayList<>();
        options.getOptions().stream().filter(o -> !listed.contains(o.getLongOpt())).forEach(o -> own.add(entry(o, o.getDescription())));
        sections.add(declared.isEmpty() ? 0 : sections.size(), new HelpPrinter.Section("Options", own));
        List<HelpPrinter.Entry> general = GENERAL.stream().map(name -> entry(options.getOption(name), options.getOption(name).getDescription()))
                .toList();
        sections.add(new HelpPrinter.Section("General", general));
        HelpPrinter.print(new PrintWriter(out, true), fullName + " [options]", summary(), sections, 100);
    }

    private HelpPrinter.Entry entry(Option option, String description) {
        String flag = (option.getOpt() != null ? "-" + option.getOpt() + ", " : "") + "--" + option.getLongOpt()
                + (option.hasArg() ? " <" + option.getArgName() + ">" + (option.hasArgs() ? "..." : "") : "");
        boolean required = requiredOptions().contains(option.getLongOpt());
        return new HelpPrinter.Entry(flag, (required ? "(required) " : "") + description);
    }

    /**
     * The core options this command is declared from, listed by group in help; empty for a
     * command whose options are its own.
     *
     * @return the options
     */
    protected List<dev.graft.core.options.Option<?>> declaredOptions() {
        return List.of();
    }

    /**
     * Declares core options as command-line options: a value, a flag, or several values.
     *
     * @param options the options to add to
     * @param declared the core declarations
     */
    protected static void declare(Options options, List<dev.graft.core.options.Option<?>> declared) {
        for (dev.graft.core.options.Option<?> o : declared) {
            Option.Builder b = Option.builder().longOpt(o.name()).desc(o.description());
            switch (o.arity()) {
                case FLAG -> { }
                case MANY -> b.hasArgs().argName(o.argName());
                default -> b.hasArg().argName(o.argName());
            }
            options.addOption(b.build());
        }
    }

    /**
     * Declares an option that takes a value.
     *
     * @param options the options to add to
     * @param name the long name
     * @param argName the value's name in help, e.g. {@code DIR}
     * @param description the help text
     */
    protected static void arg(Options options, String name, String argName, String description) {
        options.addOption(Option.builder().longOpt(name).hasArg().argName(argName).desc(description).build());
    }

    /**
     * Declares a flag.
     *
     * @param options the options to add to
     * @param name the long name
     * @param description the help text
     */
    protected static void flag(Options options, String name, String description) {
        options.addOption(Option.builder().longOpt(name).desc(description).build());
    }

    /**
     * Reads a required option.
     *
     * @param line the parsed line
     * @param name the long option name
     * @return its value
     * @throws IllegalArgumentException naming the option if it is absent
     */
    protected static String required(CommandLine line, String name) {
        String value = line.getOptionValue(name);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + name + ".");
        }
        return value;
    }
}
