package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds {@code ../shared/assets} (real weights and datasets, never committed). Without them a
 * test is skipped on a developer machine, but fails loudly when {@code CI=true}.
 */
final class SharedAssets {

    private SharedAssets() {}

    /**
     * Returns a path inside the shared assets, or skips (fails on CI) if it is missing.
     *
     * @param relative e.g. {@code weights/squeezenet1_1/model.pt}
     * @return the absolute path
     */
    static Path require(String relative) {
        String shared = System.getProperty("graft.shared", "../../shared");
        Path path = Path.of(shared, "assets", relative).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            String message = "shared test asset missing: " + path + " (expected ../shared beside the clone)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        return path;
    }
}
