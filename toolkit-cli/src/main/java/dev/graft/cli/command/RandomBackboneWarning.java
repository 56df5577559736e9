package dev.graft.cli.command;

import dev.graft.zoo.arch.ArchitectureRegistry;
import dev.graft.zoo.weights.PretrainedSources;
import java.io.PrintStream;

/** Warns, in one line on stderr, that a zoo architecture without {@code --weights} starts from random weights. */
final class RandomBackboneWarning {

    private RandomBackboneWarning() {}

    /**
     * Warns when no weights are given for a built-in architecture.
     *
     * @param arch the architecture
     * @param weights the weights, or {@code null}
     * @param err where warnings go
     * @return whether it warned
     */
    static boolean warnIfRandom(String arch, String weights, PrintStream err) {
        String message = message(arch, weights);
        if (message != null) {
            err.println(message);
        }
        return message != null;
    }

    /**
     * The warning, if one is due.
     *
     * @param arch the architecture
     * @param weights the weights, or {@code null}
     * @return the one-line warning, or {@code null} when weights are given or the architecture is not a built-in one
     */
    static String message(String arch, String weights) {
        if (weights != null || arch == null || !ArchitectureRegistry.REGISTRY.entries().containsKey(arch)) {
            return null;
        }
        return "graft: warning: no --weights, so the " + arch + " backbone starts from random weights, not pretrained ones;"
                + " pretrained weights for it: " + PretrainedSources.describe(arch) + " (graft zoo list shows every architecture's).";
    }
}
