package dev.graft.datasets.metadata;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The manifest columns a model takes as inputs beside the image, as {@code --metadata} names them:
 * {@code age:num,sex:cat,site}. A column without a type is numeric when every non-missing
 * training value parses as a number, else categorical.
 *
 * @param columns the columns, in input order
 */
public record MetadataColumns(List<Column> columns) {

    /**
     * One column.
     *
     * @param name the manifest column
     * @param type its declared type, or {@code null} to infer it from the training rows
     */
    public record Column(String name, MetadataEncoding.Type type) {}

    /** Copies the list and refuses an empty one or a repeated name. */
    public MetadataColumns {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("metadata names no column; give e.g. age:num,site:cat.");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Column c : columns) {
            if (!seen.add(c.name())) {
                throw new IllegalArgumentException("metadata names the column '" + c.name() + "' twice.");
            }
        }
    }

    /**
     * Parses {@code COL[:num|cat][,COL...]}.
     *
     * @param spec the option's value
     * @return the columns
     * @throws IllegalArgumentException naming the item at fault
     */
    public static MetadataColumns parse(String spec) {
        List<Column> columns = new ArrayList<>();
        for (String item : spec.split(",", -1)) {
            String text = item.trim();
            int colon = text.lastIndexOf(':');
            String name = colon < 0 ? text : text.substring(0, colon).trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("metadata '" + spec + "' has an empty column name; write COL[:num|cat],COL...");
            }
            MetadataEncoding.Type type = null;
            if (colon >= 0) {
                String hint = text.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                type = switch (hint) {
                    case "num", "numeric" -> MetadataEncoding.Type.NUMERIC;
                    case "cat", "categorical" -> MetadataEncoding.Type.CATEGORICAL;
                    default -> throw new IllegalArgumentException("metadata column '" + name + "' has type '" + hint
                            + "'; the types are num and cat (or leave the type out to infer it).");
                };
            }
            columns.add(new Column(name, type));
        }
        return new MetadataColumns(columns);
    }

    /** @return the column names, in input order */
    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    /** @return the option's value that parses back to these columns */
    @Override
    public String toString() {
        return String.join(",", columns.stream().map(c -> c.type() == null ? c.name()
                : c.name() + ":" + (c.type() == MetadataEncoding.Type.NUMERIC ? "num" : "cat")).toList());
    }
}
