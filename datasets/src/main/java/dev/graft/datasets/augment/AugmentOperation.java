package dev.graft.datasets.augment;

import java.util.OptionalDouble;

/**
 * What a name in an augmentation spec stands for: it adds itself, built from the item's arguments,
 * to the pipeline being parsed. Registered by name in {@link AugmentOperations}; most are an
 * {@link ImageOperation} (a per-image {@link AugmentOp} with a default probability), mixup and
 * cutmix a {@link BatchMixOperation}.
 */
public interface AugmentOperation {

    /** @return the arguments as written after {@code =} for help, e.g. {@code DEG}; empty when it takes none */
    String arguments();

    /**
     * Adds the operation to a pipeline.
     *
     * @param pipeline the pipeline being parsed
     * @param args the item's arguments
     * @param probability the item's {@code @probability}, if it gave one
     * @throws IllegalArgumentException if the arguments are out of range
     */
    void addTo(AugmentPipeline.Builder pipeline, AugmentArguments args, OptionalDouble probability);

    /**
     * How the operation is written in a spec, for help.
     *
     * @param name its registered name
     * @return e.g. {@code rotate=DEG} or {@code hflip}
     */
    default String usage(String name) {
        return arguments().isEmpty() ? name : name + "=" + arguments();
    }
}
