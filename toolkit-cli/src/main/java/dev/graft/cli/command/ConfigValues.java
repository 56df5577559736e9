package dev.graft.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.graft.cli.CommandFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;

/**
 * Option values from a {@code --config} JSON or YAML file overridden by command-line flags. Keys
 * in the file are the long option names ({@code lr}, {@code batch-size}, …); an unknown key is an
 * error naming it, so a typo never goes unnoticed.
 */
final class ConfigValues {

    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final Map<String, JsonNode> nodes = new LinkedHashMap<>();

    private ConfigValues() {}

    /**
     * Merges a config file (if {@code --config} is given) with the flags.
     *
     * @param line the parsed command line
     * @param known the options' long names
     * @return the merged values
     * @throws CommandFailure if the config file cannot be read
     */
    static ConfigValues of(CommandLine line, Set<String> known) throws CommandFailure {
        ConfigValues config = new ConfigValues();
        String file = line.getOptionValue("config");
        if (file != null) {
            config.readFile(Path.of(file), known);
        }
        for (Option option : line.getOptions()) {
            String name = option.getLongOpt();
            if (name.equals("config")) {
                continue;
            }
            List<String> list = option.hasArg() ? List.of(line.getOptionValues(name)) : List.of("true");
            config.values.put(name, list);
        }
        return config;
    }

    private void readFile(Path file, Set<String> known) throws CommandFailure {
        putAll(readTree(file), file.toString(), known);
    }

    /**
     * Parses a JSON or YAML file (by its extension).
     *
     * @param file the file
     * @return its root node
     * @throws CommandFailure if it cannot be read or parsed
     */
    static JsonNode readTree(Path file) throws CommandFailure {
        String name = file.getFileName().toString();
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new CommandFailure(file + ": cannot read the file: " + e.getMessage(), e);
        }
    }

    /**
     * Reads option values from a mapping (a search file's {@code base}), without flags.
     *
     * @param root the mapping
     * @param origin where it came from, for messages
     * @param known the options' long names
     * @return the values
     */
    static ConfigValues of(JsonNode root, String origin, Set<String> known) {
        ConfigValues config = new ConfigValues();
        config.putAll(root, origin, known);
        return config;
    }

    /**
     * Returns a copy with one option set.
     *
     * @param name the option's long name
     * @param value its value
     * @return the copy
     */
    ConfigValues with(String name, String value) {
        ConfigValues copy = new ConfigValues();
        copy.values.putAll(values);
        copy.nodes.putAll(nodes);
        copy.values.put(name, List.of(value));
        return copy;
    }

    private void putAll(JsonNode root, String origin, Set<String> known) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(origin + ": the config file must hold a mapping of option names to values.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey().replace('_', '-');
            if (!known.contains(key)) {
                throw new IllegalArgumentException(origin + ": unknown option '" + entry.getKey() + "'; the options are " + known + ".");
            }
            if (key.equals("tasks") && (entry.getValue().isArray() || entry.getValue().isObject())) {
                nodes.put(key, entry.getValue());
                continue;
            }
            List<String> list = new ArrayList<>();
            if (entry.getValue().isArray()) {
                entry.getValue().forEach(v -> list.add(v.asText()));
            } else if (entry.getValue().isObject()) {
                entry.getValue().fields().forEachRemaining(f -> list.add(f.getKey() + "=" + f.getValue().asText()));
            } else {
                list.add(entry.getValue().asText());
            }
            values.put(key, list);
        }
    }

    /**
     * Returns a structured section of the config file (e.g. an inline {@code tasks} list), unless
     * a flag of that name overrides it.
     *
     * @param name the option's long name
     * @return the section, or {@code null}
     */
    JsonNode node(String name) {
        return values.containsKey(name) ? null : nodes.get(name);
    }

    /** Returns an option's value; when a flag is repeated, the last one wins, as in most tools. */
    String get(String name, String fallback) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? fallback : list.get(list.size() - 1);
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(get(name, "false"));
    }

    int integer(String name, int fallback) {
        String v = get(name, null);
        return v == null ? fallback : integerOf(name, v);
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

    float number(String name, float fallback) {
        return (float) real(name, fallback);
    }

    double real(String name, double fallback) {
        String v = get(name, null);
        try {
            return v == null ? fallback : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, got '" + v + "'.", e);
        }
    }

    /** @return every value, for saving the resolved config */
    Map<String, List<String>> asMap() {
        return Map.copyOf(values);
    }
}
