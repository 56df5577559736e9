package dev.graft.datasets.augment;

import dev.graft.datasets.registry.Registry;
import java.util.Random;

/**
 * A plug-in as a user would write one: an operation that inverts colours, registered as {@code
 * invert} through {@code META-INF/services/dev.graft.datasets.augment.AugmentOperationProvider}.
 */
public final class InvertOperations implements AugmentOperationProvider {

    /** Inverts every value: {@code 1 − x}. */
    record Invert() implements AugmentOp {
        @Override
        public String name() {
            return "invert";
        }

        @Override
        public float[] apply(float[] chw, int side, Random random) {
            float[] out = new float[chw.length];
            for (int i = 0; i < chw.length; i++) {
                out[i] = 1 - chw[i];
            }
            return out;
        }
    }

    @Override
    public void register(Registry<AugmentOperation> registry) {
        registry.register("invert", new ImageOperation("", 1, a -> new Invert()));
    }
}
