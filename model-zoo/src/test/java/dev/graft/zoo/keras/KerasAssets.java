package dev.graft.zoo.keras;

import dev.graft.zoo.verify.ParityAssets;
import java.nio.file.Path;

/**
 * Finds {@code ../shared/assets/keras} (Keras test models, never committed): skips a test on a
 * developer machine without them, fails loudly when {@code CI=true}.
 */
final class KerasAssets {

    private KerasAssets() {}

    /**
     * Returns a path inside the Keras assets, or skips (fails on CI) if it is missing.
     *
     * @param relative e.g. {@code tfjs_mobilenet_v2_nsfw/model.json}
     * @return the absolute path
     */
    static Path require(String relative) {
        return ParityAssets.requireShared("keras", relative);
    }
}
