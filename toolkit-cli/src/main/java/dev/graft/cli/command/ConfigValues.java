package dev.graft.cli.command;

import dev.graft.cli.CommandFailure;
import dev.graft.core.options.Option;
import dev.graft.core.options.OptionValues;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.apache.commons.cli.CommandLine;

/**
 * Turns a parsed command line into option values: a {@code --config} JSON or YAML file (keys are
 * the options' names) overridden by the flags given.
 */
final class ConfigValues {

    private ConfigValues() {}

    /**
     * Merges a config file (if {@code --config} is given) with the flags.
     *
     * @param line the parsed command line
     * @param options the options the command declares
     * @return the merged values
     * @throws CommandFailure if the config file cannot be read
     */
    static OptionValues of(CommandLine line, Collection<Option<?>> options) throws CommandFailure {
        OptionValues values = OptionValues.empty();
        String file = line.getOptionValue("config");
        if (file != null) {
            values = OptionValues.of(readTree(Path.of(file)), file, options);
        }
        for (org.apache.commons.cli.Option option : line.getOptions()) {
            String name = option.getLongOpt();
            if (!name.equals("config")) {
                values = values.with(name, option.hasArg() ? List.of(line.getOptionValues(name)) : List.of("true"));
            }
        }
        return values;
    }

    /**
     * Parses a JSON or YAML file (by its extension).
     *
     * @param file the file
     * @return its root node
     * @throws CommandFailure if it cannot be read or parsed
     */
    static com.fasterxml.jackson.databind.JsonNode readTree(Path file) throws CommandFailure {
        try {
            return OptionValues.readTree(file);
        } catch (UncheckedIOException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }

    /**
     * Parses an option's whole-number value.
     *
     * @param name the option, for the message
     * @param value the text
     * @return the number
     */
    static int integerOf(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer, got '" + value + "'.", e);
        }
    }
}
