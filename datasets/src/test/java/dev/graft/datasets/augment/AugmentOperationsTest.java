package dev.graft.datasets.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.datasets.registry.Registry;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AugmentOperationsTest {

    private static final int SIDE = 8;

    static List<String> names() {
        return AugmentOperations.REGISTRY.names();
    }

    private static float[] image() {
        Random random = new Random(3);
        float[] chw = new float[3 * SIDE * SIDE];
        for (int i = 0; i < chw.length; i++) {
            chw[i] = random.nextFloat();
        }
        return chw;
    }

    @ParameterizedTest
    @MethodSource("names")
    void everyName_parsesAloneWithItsDefaults(String name) {
        AugmentPipeline pipeline = AugmentPipeline.parse(name);
        assertEquals(1, pipeline.steps().size() + (pipeline.mixupAlpha() > 0 ? 1 : 0) + (pipeline.cutmixAlpha() > 0 ? 1 : 0), name);
        assertTrue(AugmentOperations.usage(AugmentOperations.REGISTRY).contains(name), name + " is listed in help");
    }

    @ParameterizedTest
    @MethodSource("names")
    void everyName_refusesASecondRegistration(String name) {
        Registry<AugmentOperation> registry = AugmentOperations.REGISTRY.copy();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.register(name, new ImageOperation("", 1, a -> new Geometric.HorizontalFlip())));
        assertTrue(e.getMessage().contains("augmentation operation '" + name + "' is already registered"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("names")
    void aMisspelledName_suggestsTheName(String name) {
        String misspelled = name + "x";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AugmentPipeline.parse(misspelled));
        assertTrue(e.getMessage().contains("unknown augmentation operation '" + misspelled + "'; did you mean '" + name + "'"),
                e.getMessage());
    }

    @Test
    void usage_showsArgumentsAndDefaultProbabilities() {
        String usage = AugmentOperations.usage(AugmentOperations.REGISTRY);
        assertTrue(usage.contains("rrc=MIN-MAX") && usage.contains("hflip (p 0.5)") && usage.contains("mixup=ALPHA (batch level)"), usage);
    }

    @Test
    void anOperationRegisteredThroughTheApi_isUsedInASpec() {
        Registry<AugmentOperation> registry = AugmentOperations.REGISTRY.copy();
        registry.register("blackout", new ImageOperation("VALUE", 1, a -> new AugmentOp() {
            @Override
            public String name() {
                return "blackout";
            }

            @Override
            public float[] apply(float[] chw, int side, Random random) {
                return new float[chw.length];
            }
        }));
        AugmentPipeline pipeline = AugmentPipeline.parse("rotate=10,blackout", registry);
        assertArrayEquals(new float[3 * SIDE * SIDE], pipeline.apply(image(), SIDE, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> AugmentPipeline.parse("blackout"), "the shared registry is untouched");
    }

    @Test
    void anOperationFromAServiceLoadedProvider_isUsedInASpec_withItsProbability() {
        float[] original = image();
        float[] inverted = AugmentPipeline.parse("invert").apply(original, SIDE, 1, 1, 0);
        for (int i = 0; i < original.length; i++) {
            assertEquals(1 - original[i], inverted[i], 1e-6);
        }
        assertArrayEquals(original, AugmentPipeline.parse("invert@0").apply(original, SIDE, 1, 1, 0));
        assertFalse(AugmentPipeline.parse("hflip@1,invert").steps().isEmpty());
    }
}
