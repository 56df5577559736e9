package dev.graft.datasets.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryTest {

    /** A kind of provider only this test knows, listed in test resources' META-INF/services. */
    public interface GreetingProvider extends RegistryProvider<String> {}

    /** Registers "hello"; found through ServiceLoader. */
    public static final class Hello implements GreetingProvider {
        @Override
        public void register(Registry<String> registry) {
            registry.register("hello", "Hello, world");
        }
    }

    private static Registry<String> colours() {
        return new Registry<String>("colour").register("red", "#f00").register("green", "#0f0").register("blue", "#00f");
    }

    @Test
    void names_areSorted_andGetReturnsTheImplementation() {
        Registry<String> colours = colours();
        assertEquals(List.of("blue", "green", "red"), colours.names());
        assertEquals("#0f0", colours.get("green"));
        assertTrue(colours.contains("red"));
        assertFalse(colours.find("pink").isPresent());
    }

    @Test
    void register_refusesADuplicateName_namingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> colours().register("red", "#e00"));
        assertTrue(e.getMessage().contains("colour 'red' is already registered"), e.getMessage());
    }

    @Test
    void register_refusesABlankName() {
        assertThrows(IllegalArgumentException.class, () -> colours().register(" ", "x"));
        assertThrows(IllegalArgumentException.class, () -> colours().register("red ", "x"));
    }

    @Test
    void get_onAnUnknownName_namesTheNearestAndListsAll() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> colours().get("gren"));
        assertEquals("unknown colour 'gren'; did you mean 'green'? Known: [blue, green, red]", e.getMessage());
    }

    @Test
    void get_onAnUnknownName_namesEveryNameAtTheSmallestDistance() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> colours().get("rue"));
        assertTrue(e.getMessage().contains("did you mean 'blue' or 'red'?"), e.getMessage());
    }

    @Test
    void load_addsTheEntriesOfServiceLoadedProviders() {
        Registry<String> greetings = new Registry<String>("greeting").load(GreetingProvider.class);
        assertEquals("Hello, world", greetings.get("hello"));
        assertThrows(IllegalArgumentException.class, () -> greetings.load(GreetingProvider.class), "loading twice is a duplicate");
    }

    @Test
    void copy_hasTheSameEntries_andExtendsWithoutTouchingTheOriginal() {
        Registry<String> colours = colours();
        Registry<String> more = colours.copy().register("pink", "#fcc");
        assertEquals(List.of("blue", "green", "pink", "red"), more.names());
        assertEquals(List.of("red", "green", "blue", "pink"), List.copyOf(more.entries().keySet()), "registration order kept");
        assertFalse(colours.contains("pink"));
    }

    @Test
    void editDistance_countsEdits() {
        assertEquals(0, EditDistance.between("rrc", "rrc"));
        assertEquals(1, EditDistance.between("hflp", "hflip"));
        assertEquals(3, EditDistance.between("", "abc"));
        assertEquals(3, EditDistance.between("kitten", "sitting"));
    }
}
