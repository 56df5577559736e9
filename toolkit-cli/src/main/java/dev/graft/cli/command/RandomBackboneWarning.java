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
        if (weights != null || arch == null || !ArchitectureRegistry.REGISTRY.entries().containsKey(arch)) {
            return false;
        }
        err.println("graft: warning: no --weights, so the " + arch + " backbone starts from random weights, not pretrained ones;"
                + " pretrained weights for it: " + PretrainedSources.describe(arch) + " (graft zoo list shows every architecture's).");
        return true;
    }
}
