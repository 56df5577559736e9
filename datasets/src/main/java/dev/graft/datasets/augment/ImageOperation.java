package dev.graft.datasets.augment;

import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * A per-image operation: builds an {@link AugmentOp} from the item's arguments and applies it
 * with the item's {@code @probability}, or its own default.
 *
 * @param arguments the arguments for help, e.g. {@code MIN-MAX}; empty when it takes none
 * @param probability the default chance an image gets it
 * @param factory builds the operation from the arguments (defaults fill missing ones)
 */
public record ImageOperation(String arguments, double probability, Function<AugmentArguments, AugmentOp> factory)
        implements AugmentOperation {

    /** Checks the probability. */
    public ImageOperation {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("a default probability must be in [0, 1], got " + probability);
        }
    }

    @Override
    public void addTo(AugmentPipeline.Builder pipeline, AugmentArguments args, OptionalDouble chance) {
        pipeline.add(factory.apply(args), chance.orElse(probability));
    }

    @Override
    public String usage(String name) {
        String usage = AugmentOperation.super.usage(name);
        return probability == 1 ? usage : usage + " (p " + probability + ")";
    }
}
