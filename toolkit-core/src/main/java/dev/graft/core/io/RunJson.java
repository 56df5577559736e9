package dev.graft.core.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.graft.datasets.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The JSON mappers for a run's files. Records are written with snake_case keys ({@code
 * classNames} becomes {@code class_names}); map keys are written as they are, so files built
 * from maps ({@code metrics.json}, {@code manifest.json}) read the same with either mapper.
 */
public final class RunJson {

    /**
     * Keys as Java names them (camelCase record components): for {@code config.json}, for files
     * built from maps, and for reading files written before {@link VersionedJson#FORMAT_VERSION 2}.
     */
    public static final ObjectMapper PLAIN = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .findAndRegisterModules();

    /** Record components as snake_case keys, in declaration order; map keys unchanged. */
    public static final ObjectMapper SNAKE = PLAIN.copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private RunJson() {}

    /**
     * Writes an object as JSON with snake_case keys, atomically.
     *
     * @param file the destination
     * @param value the object
     * @throws IOException if writing fails
     */
    public static void write(Path file, Object value) throws IOException {
        AtomicFiles.write(file, SNAKE.writeValueAsBytes(value));
    }
}
