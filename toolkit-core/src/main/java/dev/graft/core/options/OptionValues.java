package dev.graft.core.options;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Option values by name, as written: from a JSON or YAML config file (kebab-case or snake_case
 * keys), command-line flags, a search trial or a Java builder. Later values override earlier
 * ones; an unknown key is refused with the known ones listed. Structured sections (a config's
 * inline {@code tasks}) are kept as JSON trees. Immutable.
 */
public final class OptionValues {

    private final Map<String, List<String>> values;
    private final Map<String, JsonNode> nodes;

    private OptionValues(Map<String, List<String>> values, Map<String, JsonNode> nodes) {
        this.values = values;
        this.nodes = nodes;
    }

    /** @return no values */
    public static OptionValues empty() {
        return new OptionValues(Map.of(), Map.of());
    }

    /**
     * Reads a JSON or YAML file (by its extension).
     *
     * @param file the file
     * @return its root node
     * @throws UncheckedIOException naming the file if it cannot be read or parsed
     */
    public static JsonNode readTree(Path file) {
        String name = file.getFileName().toString();
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        try {
            return mapper.readTree(file.toFile());
        } catch (JsonParseException e) {
            if (e.getMessage().startsWith("Duplicate field")) {
                String key = e.getMessage().lines().findFirst().orElse("").replaceFirst("^Duplicate field ", "");
                throw new IllegalArgumentException(file + ":" + e.getLocation().getLineNr() + ": key " + key
                        + " is given twice; keep one (the file would otherwise mean whichever came last).", e);
            }
            throw new UncheckedIOException(file + ": cannot read the file: " + e.getMessage().lines().findFirst().orElse(""), e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the file: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /**
     * Reads option values from a mapping (a config file, a search file's {@code base}).
     *
     * @param root the mapping
     * @param origin where it came from, for messages
     * @param options the options it may set
     * @return the values
     * @throws IllegalArgumentException naming an unknown key
     */
    public static OptionValues of(JsonNode root, String origin, Collection<Option<?>> options) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(origin + ": the config file must hold a mapping of option names to values.");
        }
        Map<String, Option<?>> known = new LinkedHashMap<>();
        options.forEach(o -> known.put(o.name(), o));
        Map<String, List<String>> values = new LinkedHashMap<>();
        Map<String, JsonNode> nodes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey().replace('_', '-');
            Option<?> option = known.get(key);
            if (option == null) {
                throw new IllegalArgumentException(origin + ": unknown option '" + entry.getKey() + "'"
                        + Names.nearest(key, known.keySet()) + "; the options are " + new TreeSet<>(known.keySet()) + ".");
            }
            JsonNode value = entry.getValue();
            if (option.arity() == Option.Arity.SECTION && (value.isArray() || value.isObject())) {
                nodes.put(key, value);
                continue;
            }
            List<String> list = new ArrayList<>();
            if (value.isArray() && option.arity() == Option.Arity.MANY) {
                value.forEach(v -> list.add(v.asText()));
            } else if (value.isObject() && option.arity() == Option.Arity.MANY) {
                value.fields().forEachRemaining(f -> list.add(f.getKey() + "=" + f.getValue().asText()));
            } else if (value.isContainerNode()) {
                throw new IllegalArgumentException(origin + ": option '" + entry.getKey() + "' takes one value, got " + value + ".");
            } else if (!value.isNull()) {
                list.add(value.asText());
            }
            values.put(key, list);
        }
        return new OptionValues(values, nodes);
    }

    /**
     * Returns a copy with one option set (replacing any values it had, and any section).
     *
     * @param name the option's name
     * @param value its value, or {@code null} to remove it
     * @return the copy
     */
    public OptionValues with(String name, String value) {
        return with(name, value == null ? null : List.of(value));
    }

    /**
     * Returns a copy with an option's values set.
     *
     * @param name the option's name
     * @param list its values, or {@code null} to remove it
     * @return the copy
     */
    public OptionValues with(String name, List<String> list) {
        Map<String, List<String>> v = new LinkedHashMap<>(values);
        Map<String, JsonNode> n = new LinkedHashMap<>(nodes);
        v.remove(name);
        n.remove(name);
        if (list != null) {
            v.put(name, List.copyOf(list));
        }
        return new OptionValues(v, n);
    }

    /**
     * Returns a copy with a structured section set.
     *
     * @param name the option's name
     * @param node the section
     * @return the copy
     */
    public OptionValues withSection(String name, JsonNode node) {
        OptionValues copy = with(name, (List<String>) null);
        copy.nodes.put(name, node);
        return copy;
    }

    /**
     * Returns these values overridden by others.
     *
     * @param later the values that win
     * @return the merged values
     */
    public OptionValues overriddenBy(OptionValues later) {
        OptionValues merged = this;
        for (Map.Entry<String, List<String>> e : later.values.entrySet()) {
            merged = merged.with(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, JsonNode> e : later.nodes.entrySet()) {
            merged = merged.withSection(e.getKey(), e.getValue());
        }
        return merged;
    }

    /**
     * Returns an option's value; of repeated values, the last one wins, as in most tools.
     *
     * @param name the option's name
     * @return the value, or {@code null} when absent
     */
    public String get(String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? null : list.get(list.size() - 1);
    }

    /**
     * Returns every value of a repeatable option.
     *
     * @param name the option's name
     * @return the values, empty when absent
     */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /**
     * Returns a structured section, unless a plain value of that name overrides it.
     *
     * @param name the option's name
     * @return the section, or {@code null}
     */
    public JsonNode section(String name) {
        return values.containsKey(name) ? null : nodes.get(name);
    }

    /** @return the names of the options set */
    public Set<String> names() {
        Set<String> names = new TreeSet<>(values.keySet());
        names.addAll(nodes.keySet());
        return names;
    }
}
