package dev.graft.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Graft's version, as the build stamped it: Maven filters {@code project.version} into the
 * resource {@code dev/graft/core/graft-version.properties}. Written into manifests, ONNX metadata
 * and the messages that refuse run files from a newer Graft.
 */
public final class GraftVersion {

    /** The resource, beside this class. */
    static final String RESOURCE = "graft-version.properties";

    private static final String VERSION = parse(GraftVersion.class.getResourceAsStream(RESOURCE));

    private GraftVersion() {}

    /**
     * The version, e.g. {@code 0.1.0-SNAPSHOT}.
     *
     * @return the version
     * @throws IllegalStateException if the resource is missing or was not filtered by the build
     */
    public static String get() {
        if (VERSION == null) {
            throw new IllegalStateException("dev/graft/core/" + RESOURCE + " is missing or holds no filtered version;"
                    + " build toolkit-core with Maven (its resources-filtered folder stamps project.version into it).");
        }
        return VERSION;
    }

    /**
     * Reads the version from the resource's {@code version} property.
     *
     * @param in the resource, or {@code null} when absent
     * @return the version, or {@code null} when absent or still a {@code ${...}} placeholder
     */
    static String parse(InputStream in) {
        if (in == null) {
            return null;
        }
        Properties properties = new Properties();
        try (in) {
            properties.load(in);
        } catch (IOException e) {
            return null;
        }
        String version = properties.getProperty("version", "").trim();
        return version.isEmpty() || version.contains("${") ? null : version;
    }
}
