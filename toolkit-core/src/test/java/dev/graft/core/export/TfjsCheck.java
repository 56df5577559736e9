package dev.graft.core.export;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Makes TensorFlow.js in Node ready for a test: installs {@code @tensorflow/tfjs} into the cache
 * folder once ({@link TfjsNode#install()}); where {@code node} is missing or the install fails the
 * test is skipped with the reason, or fails under {@code CI=true}.
 */
public final class TfjsCheck {

    private TfjsCheck() {}

    /** Installs the package if needed, or skips (fails under CI) the calling test. */
    public static void requireNode() {
        TfjsNode.install().ifPresent(problem -> {
            String message = "TensorFlow.js check unavailable: " + problem;
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(message + " (CI=true: Node and npm must be installed)");
            }
            Assumptions.abort(message);
        });
    }
}
