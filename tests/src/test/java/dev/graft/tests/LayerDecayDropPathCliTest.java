package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --layer-decay} and {@code --drop-path} from the command line: the default changes
 * nothing byte for byte, a decay changes the run and survives config.yaml, resume refuses a
 * changed value naming it (and accepts a run saved before the option existed), and bad values or
 * an architecture without drop path exit 2 in one line.
 */
class LayerDecayDropPathCliTest {

    @TempDir
    static Path dir;
    static Path manifest;

    @BeforeAll
    static void data() throws Exception {
        manifest = FastFinetune.lesions(dir.resolve("data"));
    }

    /** Two epochs training everything but the stem, trunk and head at one rate so only the decay shapes the trunk. */
    private static String[] run(Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(FastFinetune.args(manifest, "--epochs", "2", "--lr", "0.01",
                "--trunk-lr-factor", "1", "--out", out.toString())));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static GraftCli.Result ok(String... args) {
        GraftCli.Result result = GraftCli.run(args);
        assertEquals(0, result.exitCode(), result.err());
        return result;
    }

    private static GraftCli.Result refused(String... args) {
        GraftCli.Result result = GraftCli.run(args);
        assertEquals(2, result.exitCode(), result.out() + result.err());
        assertEquals(1, result.err().strip().lines().count(), "one line: " + result.err());
        return result;
    }

    @Test
    void layerDecay_oneIsByteIdenticalToNone_otherValuesChangeTheRun_surviveConfigYaml_andResumeChecksThem() throws Exception {
        Path none = dir.resolve("none");
        Path one = dir.resolve("one");
        Path half = dir.resolve("half");
        ok(run(none));
        ok(run(one, "--layer-decay", "1"));
        ok(run(half, "--layer-decay", "0.5"));
        assertArrayEquals(Files.readAllBytes(none.resolve("metrics.json")), Files.readAllBytes(one.resolve("metrics.json")),
                "layer-decay 1 is the default: nothing moves");
        assertEquals(Files.readString(none.resolve("config.yaml")), Files.readString(one.resolve("config.yaml")));
        assertTrue(Files.readString(one.resolve("config.yaml")).contains("\nlayer-decay: 1\n"));
        assertFalse(Files.readString(one.resolve("config.yaml")).contains("drop-path"), "absent: the architecture's own rate");
        assertNotEquals(Files.readString(none.resolve("metrics.json")), Files.readString(half.resolve("metrics.json")),
                "layer-decay 0.5 slows the trunk and changes the run");

        String saved = Files.readString(half.resolve("config.yaml"));
        assertTrue(saved.contains("\nlayer-decay: 0.5\n"), saved);
        Path again = dir.resolve("again");
        ok("finetune", "--config", half.resolve("config.yaml").toString(), "--out", again.toString());
        assertArrayEquals(Files.readAllBytes(half.resolve("metrics.json")), Files.readAllBytes(again.resolve("metrics.json")));

        GraftCli.Result changed = refused(run(half, "--layer-decay", "0.7", "--resume"));
        assertTrue(changed.err().contains("cannot resume " + half + ": layer-decay is 0.5 in the run, 0.7 now."), changed.err());
        GraftCli.Result dropPath = refused(run(half, "--layer-decay", "0.5", "--drop-path", "0.1", "--resume"));
        assertTrue(dropPath.err().contains("cannot resume " + half + ": drop-path is not set in the run, 0.1 now."), dropPath.err());

        // A run saved before layer-decay existed trained without decay: it resumes with the default, not with another value.
        Files.writeString(none.resolve("config.yaml"), Files.readString(none.resolve("config.yaml")).replace("layer-decay: 1\n", ""));
        byte[] metrics = Files.readAllBytes(none.resolve("metrics.json"));
        GraftCli.Result older = refused(run(none, "--layer-decay", "0.5", "--resume"));
        assertTrue(older.err().contains("layer-decay is not set in the run, 0.5 now."), older.err());
        ok(run(none, "--resume"));
        assertArrayEquals(metrics, Files.readAllBytes(none.resolve("metrics.json")));
    }

    @Test
    void dropPath_onAnArchitectureWithoutIt_andValuesOutOfRange_exit2InOneLine() throws Exception {
        Path out = dir.resolve("refused");
        GraftCli.Result resnet = refused(run(out, "--drop-path", "0.1"));
        assertTrue(resnet.err().contains("drop-path 0.1: resnet18 has no stochastic-depth (drop path) blocks; "), resnet.err());
        assertTrue(resnet.err().strip().endsWith("; leave drop-path out."), resnet.err());
        assertFalse(Files.exists(out.resolve("config.yaml")), "refused before the run starts");
        GraftCli.Result mobilenet = refused(FastFinetune.args(manifest, "--arch", "mobilenet_v2", "--cut", "stage3",
                "--drop-path", "0.2", "--out", dir.resolve("mobilenet").toString()));
        assertTrue(mobilenet.err().contains("drop-path 0.2: mobilenet_v2 has no stochastic-depth (drop path) blocks; "), mobilenet.err());

        assertTrue(refused(run(out, "--drop-path", "1")).err().contains("drop-path must be in [0, 1), got 1."));
        assertTrue(refused(run(out, "--layer-decay", "0")).err().contains("layer-decay must be in (0, 1], got 0."));
        assertTrue(refused(run(out, "--layer-decay", "1.2")).err().contains("layer-decay must be in (0, 1], got 1.2."));
    }

    @Test
    void help_listsLayerDecayUnderTrainingAndDropPathUnderRegularisation() {
        String help = GraftCli.run("finetune", "--help").out();
        int training = help.indexOf("\nTraining:\n");
        int regularisation = help.indexOf("\nRegularisation:\n");
        int augmentation = help.indexOf("\nAugmentation:\n");
        int layerDecay = help.indexOf("--layer-decay");
        int dropPath = help.indexOf("--drop-path");
        assertTrue(training < layerDecay && layerDecay < regularisation, help);
        assertTrue(regularisation < dropPath && dropPath < augmentation, help);
        assertTrue(entry(help, dropPath).contains("(default the architecture's)"), entry(help, dropPath));
        assertTrue(entry(help, layerDecay).contains("(default 1)"), entry(help, layerDecay));
    }

    /** An option's entry in help, from its name to the next option's, on one line. */
    private static String entry(String help, int at) {
        java.util.regex.Matcher next = java.util.regex.Pattern.compile("\n\\s+--").matcher(help);
        return help.substring(at, next.find(at) ? next.start() : help.length()).replaceAll("\\s+", " ");
    }
}
