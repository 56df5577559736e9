package dev.graft.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graft.core.finetune.FineTuning;
import dev.graft.core.options.Option;
import dev.graft.core.options.OptionValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Named recipes: every entry is a declared option with a value it accepts, a recipe expands to
 * ordinary options that any given option overrides, the saved config shows the expansion (and the
 * name, for information) and reads back to the same run, and resume compares the expanded options.
 */
class RecipeTest {

    /** Options a recipe must not set: the data, the model's identity, where and how the run is written. */
    private static final Set<String> USERS_OWN = Set.of("recipe", "data", "val", "test", "arch", "weights", "tasks", "out", "resume",
            "config", "overwrite", "device", "positive", "class-weight");

    @TempDir
    Path dir;

    private static OptionValues base() {
        return OptionValues.empty().with("data", "/tmp/recipes/data.csv").with("arch", "mobilenet_v2").with("image-size", "32")
                .with("out", "/tmp/recipes/run");
    }

    /** Saves a config as config.yaml does and reads it back as --config does. */
    private static FinetuneConfig roundTrip(FinetuneConfig config) throws Exception {
        JsonNode yaml = RunFiles.YAML.readTree(RunFiles.YAML.writeValueAsString(FinetuneOptions.values(config)));
        return FinetuneOptions.config(OptionValues.of(yaml, "config.yaml", FinetuneOptions.ALL).with("out", "/tmp/recipes/run"));
    }

    /** An option's value as typed, parsed; {@code lr auto} (the range test's rate) stays the word. */
    private static Object parsed(String name, String value) {
        return name.equals("lr") && value.equals("auto") ? value : Option.named(FinetuneOptions.ALL, name).parse(value);
    }

    @Test
    void everyRecipeEntry_isADeclaredOption_whoseValueParses_andTheRecipeBuildsARun() {
        for (Recipe recipe : Recipe.values()) {
            assertFalse(recipe.options().isEmpty(), recipe.label());
            for (Map.Entry<String, String> e : recipe.options().entrySet()) {
                String where = recipe.label() + ": " + e.getKey() + " " + e.getValue();
                Option<?> option = Option.named(FinetuneOptions.ALL, e.getKey());
                assertFalse(USERS_OWN.contains(option.name()), where + " is the user's to choose, not a recipe's");
                assertTrue(option.arity() == Option.Arity.ONE, where + " takes one value");
                parsed(e.getKey(), e.getValue());
            }
            FinetuneConfig config = FinetuneOptions.config(base().with("recipe", recipe.label()));
            assertEquals(recipe.label(), config.recipe());
            Map<String, Object> saved = FinetuneOptions.values(config);
            recipe.options().forEach((name, value) -> assertEquals(parsed(name, value), parsed(name, String.valueOf(saved.get(name))),
                    recipe.label() + ": " + name));
        }
    }

    @Test
    void quick_expandsToAFrozenTrunk_andBest_toAPartlyTrainedOne_withTheirLearningRates() {
        FinetuneConfig quick = FinetuneOptions.config(base().with("recipe", "quick"));
        assertEquals("all", quick.freeze());
        assertTrue(quick.training().learningRateAuto(), "quick takes the range test's rate");
        FinetuneConfig best = FinetuneOptions.config(base().with("recipe", "best"));
        assertEquals(Recipe.BEST.options().get("freeze"), best.freeze());
        assertFalse(best.freeze().equals("all"), "best trains part of the trunk");
        assertEquals(Float.parseFloat(Recipe.BEST.options().get("trunk-lr-factor")), best.training().trunkLearningRateFactor());
        FinetuneConfig plain = FinetuneOptions.config(base());
        assertNull(plain.recipe());
        assertFalse(FinetuneOptions.values(plain).containsKey("recipe"), "no recipe, nothing saved of one");
    }

    @Test
    void explicitOptions_overrideTheRecipe_whetherGivenBeforeOrAfterIt() {
        FinetuneConfig overridden = FinetuneOptions.config(base().with("epochs", "3").with("recipe", "best").with("augment", "hflip"));
        assertEquals(3, overridden.training().epochs());
        assertEquals("hflip", overridden.training().augment());
        assertEquals(Recipe.BEST.options().get("freeze"), overridden.freeze(), "what is not overridden stays the recipe's");
        assertEquals("", FinetuneOptions.config(base().with("recipe", "best").with("augment", "")).training().augment(),
                "an empty value turns the recipe's augmentation off");
        assertEquals(0f, FinetuneOptions.config(base().with("recipe", "best").with("ema", "0")).training().ema());
        FineTuning built = FineTuning.builder().opt("data", "/tmp/recipes/data.csv").setArchitecture("mobilenet_v2").optImageSize(32)
                .optOut(Path.of("/tmp/recipes/run")).optEpochs(4).optRecipe("quick").build();
        assertEquals(4, built.config().training().epochs());
        assertEquals("quick", built.config().recipe());
        assertEquals("all", built.config().freeze());
    }

    @Test
    void savedConfig_listsTheExpandedOptionsAndTheName_andReadsBackToTheSameRun() throws Exception {
        FinetuneConfig config = FinetuneOptions.config(base().with("recipe", "best").with("epochs", "3"));
        Map<String, Object> saved = FinetuneOptions.values(config);
        assertEquals("best", saved.get("recipe"));
        assertEquals(Recipe.BEST.options().get("freeze"), saved.get("freeze"));
        assertEquals("3", saved.get("epochs").toString(), "the user's value, not the recipe's");
        FinetuneConfig back = roundTrip(config);
        assertEquals(config.training(), back.training());
        assertEquals(config.freeze(), back.freeze());
        assertEquals(config.head(), back.head());
        assertEquals("best", back.recipe());
    }

    @Test
    void unknownRecipe_isRefusedNamingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FinetuneOptions.config(base().with("recipe", "fastest")));
        assertEquals("recipe 'fastest' is unknown; the recipes are quick, best.", e.getMessage());
        assertTrue(FinetuneOptions.RECIPE.description().contains("quick = freeze all,"), FinetuneOptions.RECIPE.description());
    }

    @Test
    void resume_comparesTheExpandedOptions_notTheRecipesName() throws Exception {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        FinetuneConfig saved = FinetuneOptions.config(base().with("recipe", "quick").with("out", run.toString()));
        Files.writeString(run.resolve(RunFiles.CONFIG), RunFiles.YAML.writeValueAsString(FinetuneOptions.values(saved)));
        OptionValues resume = base().with("out", run.toString()).with("resume", "true");
        ResumeCheck.options(FinetuneOptions.config(resume.with("recipe", "quick")));
        OptionValues spelledOut = resume;
        for (Map.Entry<String, String> e : Recipe.QUICK.options().entrySet()) {
            spelledOut = spelledOut.with(e.getKey(), e.getValue());
        }
        ResumeCheck.options(FinetuneOptions.config(spelledOut));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResumeCheck.options(FinetuneOptions.config(resume.with("recipe", "best"))));
        assertTrue(e.getMessage().contains("freeze is all in the run, " + Recipe.BEST.options().get("freeze") + " now"), e.getMessage());
        assertFalse(e.getMessage().contains("recipe is"), e.getMessage());
    }
}
