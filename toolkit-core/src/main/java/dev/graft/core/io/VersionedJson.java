package dev.graft.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.GraftVersion;
import dev.graft.datasets.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run files that carry a {@code format_version} ({@code model.json}, checkpoint {@code
 * state.json}). Version 2 has snake_case keys and {@code format_version} first; a file without
 * one is version 1, written by Graft 0.1.0 with camelCase keys, and is still read. A newer
 * version is refused with a {@link RunFormatException} naming both versions.
 */
public final class VersionedJson {

    /** The format this Graft writes, and the newest it reads. */
    public static final int FORMAT_VERSION = 2;

    /** The key that holds the version. */
    public static final String KEY = "format_version";

    private VersionedJson() {}

    /**
     * Writes an object with snake_case keys after {@code "format_version": 2}, atomically.
     *
     * @param file the destination
     * @param value a record (or other object written as a JSON object)
     * @throws IOException if writing fails
     */
    public static void write(Path file, Object value) throws IOException {
        ObjectNode node = RunJson.SNAKE.createObjectNode().put(KEY, FORMAT_VERSION);
        node.setAll((ObjectNode) RunJson.SNAKE.valueToTree(value));
        AtomicFiles.write(file, RunJson.SNAKE.writeValueAsBytes(node));
    }

    /**
     * Reads a file written by {@link #write}, or by a Graft from before {@code format_version}.
     *
     * @param file the file
     * @param type what it holds
     * @param <T> its type
     * @return the value
     * @throws RunFormatException if the file's version is newer than {@link #FORMAT_VERSION} or invalid
     * @throws IOException if the file cannot be read or does not fit {@code type}
     */
    public static <T> T read(Path file, Class<T> type) throws IOException {
        JsonNode root;
        try {
            root = RunJson.PLAIN.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not valid JSON (" + e.getOriginalMessage() + "); delete it or restore it from a copy.", e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + " does not hold a JSON object; delete it or restore it from a copy.");
        }
        int version = version(file, root);
        try {
            if (version == 1) {
                return RunJson.PLAIN.treeToValue(root, type);
            }
            ((ObjectNode) root).remove(KEY);
            return RunJson.SNAKE.treeToValue(root, type);
        } catch (JsonProcessingException e) {
            throw new IOException(file + " (format_version " + version + ") does not fit a " + type.getSimpleName() + ": "
                    + e.getOriginalMessage() + "; it was edited or is damaged.", e);
        }
    }

    /** The file's format version: 1 without the key; refused when newer than this Graft's or not a positive integer. */
    private static int version(Path file, JsonNode root) throws RunFormatException {
        JsonNode node = root.get(KEY);
        if (node == null) {
            return 1;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1) {
            throw new RunFormatException(file, file + " has " + KEY + " " + node + ", which is not a version; Graft "
                    + GraftVersion.get() + " reads versions 1 to " + FORMAT_VERSION + ". Restore the file from the run that wrote it.");
        }
        int version = node.intValue();
        if (version > FORMAT_VERSION) {
            throw new RunFormatException(file, file + " has " + KEY + " " + version + ", written by a newer Graft; Graft "
                    + GraftVersion.get() + " reads versions 1 to " + FORMAT_VERSION
                    + ". Open it with the Graft that wrote it (graft_version in the run's manifest.json) or a newer one.");
        }
        return version;
    }
}
