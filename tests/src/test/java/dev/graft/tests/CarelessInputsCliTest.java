package dev.graft.tests;

import static dev.graft.tests.HostileFilesCliTest.assertOneLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.graft.datasets.synthetic.SyntheticLesions;
import dev.graft.zoo.weights.SafetensorsReader;
import dev.graft.zoo.weights.SafetensorsWriter;
import dev.graft.zoo.weights.TensorData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Careless inputs through the command line (issue 13, item 7): duplicate config keys, an
 * augmentation argument out of range, a target recall validation cannot measure, a model whose
 * weights are not finite, and non-ASCII file names under {@code LANG=C}.
 */
class CarelessInputsCliTest {

    static Path manifest;
    @TempDir
    static Path dir;

    @BeforeAll
    static void lesions() throws Exception {
        manifest = new SyntheticLesions(64, 32, 5).generate(dir.resolve("lesions"));
    }

    @Test
    void duplicateConfigKeys_areRefusedNamingTheLine() throws Exception {
        Path yaml = Files.writeString(dir.resolve("twice.yaml"), "epochs: 1\nlr: 0.01\nlr: 0.1\n");
        String never = dir.resolve("never").toString();
        assertOneLine(GraftCli.run(FastFinetune.args(manifest, "--config", yaml.toString(), "--out", never)), 2,
                yaml + ":3: key 'lr' is given twice; keep one");
        Path json = Files.writeString(dir.resolve("twice.json"), "{\"epochs\": 1,\n \"epochs\": 2}");
        assertOneLine(GraftCli.run(FastFinetune.args(manifest, "--config", json.toString(), "--out", never)), 2,
                json + ":2: key 'epochs' is given twice");
    }

    @Test
    void augmentArgumentOutOfRange_isRefusedNamingTheOperationAndRange() {
        String never = dir.resolve("never").toString();
        assertOneLine(GraftCli.run(FastFinetune.args(manifest, "--augment", "hflip,erase=2", "--out", never)), 2,
                "--augment item 'erase=2': AREA must be in [0.02, 1], got 2.");
        assertOneLine(GraftCli.run(FastFinetune.args(manifest, "--augment", "jitter=0.2:0.2:0.2:0.9", "--out", never)), 2,
                "--augment item 'jitter=0.2:0.2:0.2:0.9': H must be in [0, 0.5], got 0.9.");
    }

    @Test
    void targetRecallWithoutAPositiveValidationImage_isRefusedBeforeTraining() throws Exception {
        List<String> rows = Files.readAllLines(manifest);
        Path val = Files.write(manifest.resolveSibling("benign-val.csv"),
                rows.stream().filter(r -> r == rows.get(0) || r.contains(",benign,")).toList());
        Path out = dir.resolve("recall");
        GraftCli.Result result = GraftCli.run(FastFinetune.args(manifest, "--val", val.toString(), "--target-recall", "0.9", "--positive",
                "melanoma", "--epochs", "1", "--out", out.toString()));
        // The val rows are training rows too, so finetune rightly warns of leakage first; the error itself is one line.
        String errors = result.err().lines().filter(l -> !l.startsWith("warning: ") && !l.startsWith("no test set: "))
                .collect(java.util.stream.Collectors.joining("\n"));
        assertTrue(result.err().contains("warning: 32 exact duplicate images across val and train (leakage)"), result.err());
        assertOneLine(new GraftCli.Result(result.exitCode(), result.out(), errors), 1, val + " (32 images) has no image of the positive class"
                + " 'melanoma', so target-recall 0.9 cannot choose a threshold");
        assertFalse(Files.exists(out.resolve("checkpoint")) || Files.exists(out.resolve("history.csv")), "nothing was trained");
    }

    @Test
    void modelWithNonFiniteWeights_isRefusedByEvaluateAndPredict() throws Exception {
        Path run = dir.resolve("nan");
        GraftCli.Result trained = GraftCli.run(FastFinetune.args(manifest, "--epochs", "1", "--out", run.toString()));
        assertEquals(0, trained.exitCode(), trained.err());
        Path weights = run.resolve("model.safetensors");
        Map<String, TensorData> tensors = new LinkedHashMap<>(new SafetensorsReader().read(weights).tensors());
        String head = tensors.keySet().stream().filter(k -> k.startsWith("head") && k.endsWith("weight")).findFirst().orElseThrow();
        float[] nan = new float[tensors.get(head).values().length];
        Arrays.fill(nan, Float.NaN);
        tensors.put(head, new TensorData(tensors.get(head).shape(), nan));
        SafetensorsWriter.write(weights, tensors, Map.of("format", "graft", "arch", "resnet18"));
        assertOneLine(GraftCli.run("evaluate", "--run", run.toString(), "--data", manifest.toString()), 1,
                run + ": the model's outputs are not finite (NaN or infinite for 64 of 64 images), so its weights are not finite");
        Path predictions = dir.resolve("nan-predictions.csv");
        assertOneLine(GraftCli.run("predict", "--run", run.toString(), "--data", manifest.toString(), "--out", predictions.toString()), 1,
                run + ": the model's outputs are not finite (NaN or infinite for 64 of 64 images)", "cannot be evaluated or predict");
        assertFalse(Files.exists(predictions), "no file of NaN probabilities is written");
    }

    @Test
    void nonAsciiFileNames_workUnderLangC_throughTheLauncher() throws Exception {
        assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")), "this JVM can write the non-ASCII names");
        Path folder = Files.createDirectories(dir.resolve("fourmis été"));
        List<String> rows = Files.readAllLines(manifest);
        List<String> renamed = new ArrayList<>(List.of(rows.get(0)));
        for (int i = 1; i <= 4; i++) {
            String[] cells = rows.get(i).split(",", 2);
            Path image = folder.resolve("lésion " + i + " ☀.png");
            Files.copy(manifest.resolveSibling(cells[0]), image);
            renamed.add("\"" + image.getFileName() + "\"," + cells[1]);
        }
        Path csv = Files.write(folder.resolve("étiquettes.csv"), renamed, StandardCharsets.UTF_8);
        Path grid = folder.resolve("grille ☀.png");
        GraftCli.Result result = GraftCli.runInOwnProcess(Map.of("LANG", "C", "LC_ALL", "C"), "augment", "--data", csv.toString(),
                "--augment", "hflip", "--images", "2", "--views", "2", "--image-size", "32", "--out", grid.toString());
        String output = result.out() + result.err();
        assertEquals(0, result.exitCode(), output);
        assertTrue(Files.size(grid) > 0, output);
    }
}
