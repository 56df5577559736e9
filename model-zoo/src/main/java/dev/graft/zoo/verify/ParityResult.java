package dev.graft.zoo.verify;

/**
 * How far a network's output is from a reference output for one input.
 *
 * @param name the reference pair, e.g. {@code input_0.npy}
 * @param maxAbsDiff the largest absolute difference
 * @param maxAbsRef the largest absolute reference value
 */
public record ParityResult(String name, double maxAbsDiff, double maxAbsRef) {

    /** @return {@code maxAbsDiff / max(1, maxAbsRef)}, a difference relative to the output scale */
    public double relDiff() {
        return maxAbsDiff / Math.max(1, maxAbsRef);
    }
}
