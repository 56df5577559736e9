package dev.graft.tests;

import dev.graft.core.export.TfjsNode;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Makes TensorFlow.js in Node ready for a test, as {@link SharedAssets} does for assets: installs
 * {@code @tensorflow/tfjs} into its cache folder once; where {@code node} is missing or the install
 * fails the test is skipped with the reason, or fails under {@code CI=true}.
 */
final class TfjsNodeCheck {

    private TfjsNodeCheck() {}

    /** Installs the package if needed, or skips (fails under CI) the calling test. */
    static void require() {
        TfjsNode.install().ifPresent(problem -> {
            String message = "TensorFlow.js check unavailable: " + problem;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + " (CI=true: Node and npm must be installed)");
            }
            Assumptions.abort(message);
        });
    }
}
