package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.search.SearchStrategies;
import dev.graft.datasets.augment.AugmentOperations;
import dev.graft.datasets.registry.Registry;
import dev.graft.zoo.arch.ArchitectureRegistry;
import dev.graft.zoo.onnx.BlockExports;
import dev.graft.zoo.weights.WeightFormats;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registry has the one shape: each registered name resolves, a second registration of it
 * is refused, and a misspelling of it is answered with it. Runs over the built-in entries of the
 * five kinds: architectures, weight formats, augmentation operations, search strategies and ONNX
 * block exports.
 */
class RegistriesTest {

    /** The shared registries; a refused registration leaves them as they were. */
    private static final List<Registry<?>> KINDS = List.of(ArchitectureRegistry.REGISTRY, WeightFormats.REGISTRY,
            AugmentOperations.REGISTRY, SearchStrategies.REGISTRY, BlockExports.REGISTRY);

    static Stream<Arguments> entries() {
        return KINDS.stream().flatMap(kind -> kind.names().stream().map(name -> Arguments.of(kind.kind(), name, kind)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("entries")
    void everyName_resolves(String kind, String name, Registry<?> registry) {
        assertNotNull(registry.get(name));
        assertTrue(registry.names().contains(name));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("entries")
    void aSecondRegistration_isRefused(String kind, String name, Registry<?> registry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registerAgain(registry, name));
        assertTrue(e.getMessage().startsWith(kind + " '" + name + "' is already registered"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("entries")
    void aMisspelling_isAnsweredWithTheNearestNames(String kind, String name, Registry<?> registry) {
        // a letter dropped in the middle: the name stays nearest even where names differ only at
        // the end (efficientnet_b0 … b4 would tie if the last letter were wrong)
        int middle = name.length() / 2;
        String misspelled = name.substring(0, middle) + name.substring(middle + 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.get(misspelled));
        assertTrue(e.getMessage().startsWith("unknown " + kind + " '" + misspelled + "'; did you mean '"), e.getMessage());
        assertTrue(registry.nearest(misspelled).contains(name), name + " is among " + registry.nearest(misspelled));
        assertTrue(e.getMessage().endsWith("Known: " + registry.names()), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void names_areSorted(Registry<?> registry) {
        List<String> names = registry.names();
        assertEquals(names.stream().sorted().toList(), names);
        assertTrue(!names.isEmpty());
    }

    static Stream<Registry<?>> kinds() {
        return KINDS.stream();
    }

    private static <T> void registerAgain(Registry<T> registry, String name) {
        registry.register(name, registry.get(name));
    }
}
