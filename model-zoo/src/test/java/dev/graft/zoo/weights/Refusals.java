package dev.graft.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.function.Executable;

/** The assertion every hostile-file test makes: refused with one line that starts with the file and names the item. */
public final class Refusals {

    private Refusals() {}

    /**
     * Asserts that reading a file fails as {@code type}, with a one-line message that starts with
     * the file and contains every fragment.
     *
     * @param type the exception expected
     * @param file the file read
     * @param read the read
     * @param fragments what the message must name
     * @param <T> the exception type
     * @return the exception
     */
    public static <T extends Exception> T assertRefused(Class<T> type, Path file, Executable read, String... fragments) {
        T e = assertThrows(type, read);
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' not in: " + e.getMessage());
        }
        return e;
    }
}
