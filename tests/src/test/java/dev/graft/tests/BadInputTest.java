package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.datasets.synthetic.SyntheticLesions;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is answered in a sentence or two with the right exit code, never a stack trace. */
class BadInputTest {

    @TempDir
    static Path dir;

    private static Path lesions;

    @BeforeAll
    static void data() throws Exception {
        lesions = new SyntheticLesions(40, 32, 3).generate(dir.resolve("lesions"));
    }

    private static GraftCli.Result finetune(String... extra) {
        String[] base = {"finetune", "--data", lesions.toString(), "--arch", "resnet18", "--cut", "layer1",
                "--image-size", "32", "--epochs", "1", "--batch-size", "8", "--device", "cpu", "--out", dir.resolve("run").toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return GraftCli.run(args);
    }

    private static void assertPlain(GraftCli.Result result, int code, String... fragments) {
        assertEquals(code, result.exitCode(), result.err());
        for (String fragment : fragments) {
            assertTrue(result.err().contains(fragment), "'" + fragment + "' not in: " + result.err());
        }
        assertTrue(!result.err().contains("\tat "), "stack trace: " + result.err());
    }

    @Test
    void unknownArchitecture_listsKnownOnes() {
        assertPlain(GraftCli.run("finetune", "--data", lesions.toString(), "--arch", "resnet", "--out", "x"), 2,
                "unknown architecture 'resnet'", "resnet18, resnet34");
    }

    @Test
    void augmentationTheLabelsAreNotInvariantTo_isRefused() {
        assertPlain(finetune("--augment", "rotate=10,hflip", "--not-invariant-to", "hflip,vflip"), 2,
                "not invariant to hflip", "remove hflip");
        assertPlain(finetune("--augment", "hflip,twirl=2"), 2, "'twirl=2'", "unknown augmentation operation");
    }

    @Test
    void unknownCutPoint_listsValidOnes() {
        assertPlain(finetune("--cut", "layer7"), 2, "unknown cut point 'layer7'", "stem, layer1, layer2");
    }

    @Test
    void emptyClassFolder_isNamed() throws Exception {
        Path root = dir.resolve("folders");
        Files.createDirectories(root.resolve("benign"));
        Files.createDirectories(root.resolve("melanoma"));
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", root.resolve("benign/a.png").toFile());
        assertPlain(GraftCli.run("finetune", "--data", root.toString(), "--arch", "resnet18", "--device", "cpu", "--out",
                dir.resolve("r2").toString()), 1, "melanoma", "class folder is empty");
    }

    @Test
    void singleClassDataset_isRefused() throws Exception {
        Path root = dir.resolve("single");
        Files.createDirectories(root.resolve("benign"));
        for (int i = 0; i < 3; i++) {
            ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", root.resolve("benign/" + i + ".png").toFile());
        }
        assertPlain(GraftCli.run("finetune", "--data", root.toString(), "--arch", "resnet18", "--device", "cpu", "--out",
                dir.resolve("r3").toString()), 1, "single class");
    }

    @Test
    void cudaWithoutGpu_failsLoudly() {
        assertPlain(finetune("--device", "cuda"), 2, "device cuda", "sees 0 GPU(s)");
    }

    @Test
    void savedModelWithoutTheTensorFlowProfile_saysHowToBuildIt() {
        org.junit.jupiter.api.Assumptions.assumeFalse(java.util.ServiceLoader.load(dev.graft.core.model.ExternalBackbone.class)
                .findFirst().isPresent(), "built with -P tensorflow");
        assertPlain(GraftCli.run("finetune", "--data", lesions.toString(), "--arch", "savedmodel", "--weights", dir.toString(),
                "--out", dir.resolve("r4").toString()), 2, "arch savedmodel runs TensorFlow SavedModels", "-P tensorflow");
    }

    @Test
    void divergingLearningRate_suggestsALowerOne() {
        // Its own out folder: a diverged run leaves config.yaml behind, and the other cases share "run".
        assertPlain(finetune("--lr", "1e6", "--freeze", "none", "--out", dir.resolve("diverged").toString()), 1, "training diverged",
                "lower learning rate");
    }

    @Test
    void unknownConfigKey_isNamed() throws Exception {
        Path config = Files.writeString(dir.resolve("run.yaml"), "epochs: 1\nlearning_rate: 0.1\n");
        assertPlain(finetune("--config", config.toString()), 2, "unknown option 'learning_rate'");
    }

    @Test
    void badTasksFiles_nameTheTaskAndWhatToChange() throws Exception {
        Path unknownColumn = Files.writeString(dir.resolve("tasks1.yaml"),
                "tasks:\n  - {name: diagnosis, column: label, role: main}\n  - {name: age}\n");
        assertPlain(finetune("--tasks", unknownColumn.toString()), 2, "no column 'age' for task 'age'",
                "[asymmetry, border, colors, diameter]");
        Path typo = Files.writeString(dir.resolve("tasks2.yaml"), "tasks:\n  - {name: diagnosis, role: main, wieght: 2}\n");
        assertPlain(finetune("--tasks", typo.toString()), 2, "task 1: unknown field 'wieght'");
        Path twoMains = Files.writeString(dir.resolve("tasks3.yaml"),
                "tasks:\n  - {name: diagnosis, column: label, role: main}\n  - {name: border, role: main}\n");
        assertPlain(finetune("--tasks", twoMains.toString()), 2, "exactly one task must have role: main, found 2");
        Path soft = Files.writeString(dir.resolve("tasks4.yaml"),
                "sharing: soft\ntasks:\n  - {name: diagnosis, column: label, role: main}\n  - {name: border}\n");
        assertPlain(finetune("--tasks", soft.toString(), "--freeze", "all"), 2, "soft sharing needs trunk modules", "freeze less");
        Path site = Files.writeString(dir.resolve("tasks5.yaml"),
                "tasks:\n  - {name: diagnosis, column: label, role: main}\n  - {name: side, column: asymmetry, not-invariant-to: [hflip]}\n");
        assertPlain(finetune("--tasks", site.toString(), "--augment", "rotate=10,hflip"), 2, "task 'side' is not invariant to hflip",
                "remove hflip");
    }
}
