package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.finetune.FineTuning;
import dev.graft.core.run.Recipe;
import dev.graft.core.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --recipe} from the command line: help lists each recipe and what it expands to, an unknown
 * name exits 2 naming the known ones, a recipe run equals the same options spelled out byte for
 * byte and saves them in config.yaml, and a killed recipe run resumes to the same metrics.json.
 */
class RecipeCliTest {

    @TempDir
    static Path dir;
    static Path manifest;

    @BeforeAll
    static void data() throws Exception {
        manifest = FastFinetune.lesions(dir.resolve("data"));
    }

    /** The quick recipe on tiny lesions: a frozen resnet18 cut early, so the cached features train in seconds. */
    private static String[] quick(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("finetune", "--data", manifest.toString(), "--arch", "resnet18", "--cut", "layer2",
                "--image-size", "32", "--batch-size", "16", "--device", "cpu", "--epochs", "3", "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static GraftCli.Result ok(String... args) {
        GraftCli.Result result = GraftCli.run(args);
        assertEquals(0, result.exitCode(), result.err());
        return result;
    }

    @Test
    void help_listsEveryRecipeAndItsOptions_andAnUnknownRecipeExits2NamingTheKnownOnes() {
        String help = ok("finetune", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("--recipe <NAME>"), help);
        for (Recipe recipe : Recipe.values()) {
            Map.Entry<String, String> first = recipe.options().entrySet().iterator().next();
            assertTrue(help.contains(recipe.label() + " = " + first.getKey() + " " + first.getValue()), recipe.label() + ": " + help);
        }
        GraftCli.Result unknown = GraftCli.run(quick(dir.resolve("unknown"), "--recipe", "fastest"));
        assertEquals(2, unknown.exitCode(), unknown.err());
        assertEquals("graft finetune: recipe 'fastest' is unknown; the recipes are quick, best.", unknown.err().strip());
    }

    @Test
    void quickRecipe_equalsItsOptionsSpelledOut_savesThemInConfigYaml_andResumesAfterAKillToTheSameMetrics() throws Exception {
        Path recipe = dir.resolve("recipe");
        ok(quick(recipe, "--recipe", "quick"));
        List<String> spelled = new ArrayList<>(List.of("finetune"));
        Recipe.QUICK.options().forEach((name, value) -> spelled.addAll(List.of("--" + name, value)));
        String[] given = quick(dir.resolve("spelled"));
        spelled.addAll(List.of(given).subList(1, given.length)); // after the recipe's, as flags override it
        ok(spelled.toArray(String[]::new));
        assertArrayEquals(Files.readAllBytes(dir.resolve("spelled/metrics.json")), Files.readAllBytes(recipe.resolve("metrics.json")),
                "a recipe is only its options");
        String yaml = Files.readString(recipe.resolve("config.yaml"));
        assertTrue(yaml.contains("\nrecipe: \"quick\"\n"), yaml);
        assertTrue(yaml.contains("\nfreeze: \"all\"\n"), yaml);
        assertTrue(yaml.contains("\nepochs: 3\n"), "the flag given overrides the recipe's epochs: " + yaml);
        Recipe.QUICK.options().forEach((name, value) -> assertTrue(name.equals("epochs") || name.equals("lr")
                || yaml.contains("\n" + name + ": " + value + "\n") || yaml.contains("\n" + name + ": \"" + value + "\"\n"),
                name + " " + value + " in " + yaml));
        assertTrue(yaml.matches("(?s).*\nlr: \\d\\.\\d+(E-\\d+)?\n.*"), "lr auto is saved as the rate the range test chose: " + yaml);

        Path broken = dir.resolve("broken");
        class Kill extends RuntimeException {}
        assertThrows(Kill.class, () -> FineTuning.builder().setData(manifest).setArchitecture("resnet18").optCut("layer2").optImageSize(32)
                .optBatchSize(16).optDevice("cpu").optEpochs(3).optRecipe("quick").optOut(broken).optListener(new TrainingListener() {
                    @Override
                    public void onStep(int epoch, int step, double loss, double imagesPerSecond) {
                        if (epoch == 2 && step == 2) {
                            throw new Kill();
                        }
                    }
                }).build().fit());
        ok(quick(broken, "--recipe", "quick", "--resume"));
        assertArrayEquals(Files.readAllBytes(recipe.resolve("metrics.json")), Files.readAllBytes(broken.resolve("metrics.json")));
        assertArrayEquals(Files.readAllBytes(recipe.resolve("config.yaml")), Files.readAllBytes(broken.resolve("config.yaml")));
    }
}
