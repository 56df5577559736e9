package dev.graft.zoo.verify;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds {@code ../shared/assets/parity} (weights and references, never committed): skips a test
 * on a developer machine without them, fails loudly when {@code CI=true}.
 */
public final class ParityAssets {

    private ParityAssets() {}

    /**
     * Returns a path inside the parity assets, or skips (fails on CI) if it is missing.
     *
     * @param relative e.g. {@code efficientnet_b0/weights.safetensors}
     * @return the absolute path
     */
    public static Path require(String relative) {
        return requireShared("parity", relative);
    }

    /**
     * Returns a path inside any folder of the shared assets, or skips (fails on CI) if it is missing.
     *
     * @param folder the folder below {@code assets}, e.g. {@code keras}
     * @param relative the path inside it
     * @return the absolute path
     */
    public static Path requireShared(String folder, String relative) {
        Path path = Path.of(System.getProperty("graft.shared", "../../shared"), "assets", folder, relative).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            String message = "shared " + folder + " asset missing: " + path + " (expected ../shared beside the clone)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        return path;
    }
}
