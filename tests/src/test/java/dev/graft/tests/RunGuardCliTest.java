package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.finetune.FineTuning;
import dev.graft.core.run.RunLock;
import dev.graft.core.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, items 4 and 5, from the command line: {@code --resume} refuses a run whose options or
 * data differ from the ones given now, before it trains, and an unchanged resume after a kill gives
 * the unbroken run's files byte for byte; {@code finetune} does not write into a folder that holds a
 * run unless it resumes or overwrites it, locks the folder while it writes, and {@code export} and
 * {@code predict} do not write over a run's own files or their inputs.
 */
class RunGuardCliTest {

    /** A fresh folder for each test, with its own data. */
    @TempDir
    Path dir;

    private Path lesions() throws Exception {
        return FastFinetune.lesions(dir.resolve("data"));
    }

    private static String[] finetune(Path data, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("--out", out.toString()));
        args.addAll(List.of(more));
        return FastFinetune.args(data, args.toArray(String[]::new));
    }

    private static FineTuning.Builder builder(Path data, Path out) {
        return FineTuning.builder().setData(data).setArchitecture("resnet18").optCut("layer2").optFreeze("stem").optImageSize(32)
                .optBatchSize(16).optDevice("cpu").optOut(out);
    }

    private static GraftCli.Result refused(int exitCode, String... args) {
        GraftCli.Result run = GraftCli.run(args);
        assertEquals(exitCode, run.exitCode(), run.out() + run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
        return run;
    }

    @Test
    void resume_refusesAChangedLearningRateSeedOrData_andAnUnchangedResumeIsByteIdentical() throws Exception {
        Path manifest = lesions();
        Path data = FastFinetune.lesions(dir.resolve("resume-data"));
        Path unbroken = dir.resolve("unbroken");
        GraftCli.Result full = GraftCli.run(finetune(data, unbroken, "--epochs", "3", "--lr", "0.01"));
        assertEquals(0, full.exitCode(), full.err());

        Path broken = dir.resolve("broken");
        class Kill extends RuntimeException {}
        assertThrows(Kill.class, () -> builder(data, broken).optEpochs(3).optLearningRate(0.01).optListener(new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, double loss, double imagesPerSecond) {
                if (epoch == 2 && step == 2) {
                    throw new Kill();
                }
            }
        }).build().fit());
        Path state = broken.resolve("checkpoint/state.json");
        byte[] config = Files.readAllBytes(broken.resolve("config.yaml"));
        byte[] checkpoint = Files.readAllBytes(state);

        GraftCli.Result lr = refused(2, finetune(data, broken, "--epochs", "3", "--lr", "0.001", "--resume", "--device", "auto"));
        assertTrue(lr.err().contains("cannot resume " + broken + ": lr is 0.01 in the run, 0.001 now. Resume with the run's options"
                + " (graft finetune --config " + broken.resolve("config.yaml") + " --resume --out " + broken + ") or start a new out folder."),
                lr.err());
        GraftCli.Result seed = refused(2, finetune(data, broken, "--epochs", "3", "--lr", "0.01", "--seed", "7", "--resume"));
        assertTrue(seed.err().contains(": seed is 42 in the run, 7 now."), seed.err());
        GraftCli.Result both = refused(2, finetune(data, broken, "--epochs", "3", "--lr", "0.001", "--seed", "7", "--resume"));
        assertTrue(both.err().contains(": lr is 0.01 in the run, 0.001 now; seed is 42 in the run, 7 now."), both.err());
        GraftCli.Result otherData = refused(2, finetune(manifest, broken, "--epochs", "3", "--lr", "0.01", "--resume"));
        assertTrue(otherData.err().contains(": data is " + data.toAbsolutePath() + " in the run, " + manifest.toAbsolutePath() + " now."),
                otherData.err());

        List<String> rows = Files.readAllLines(data);
        Files.write(data, rows.subList(0, rows.size() - 6));
        GraftCli.Result changed = refused(2, finetune(data, broken, "--epochs", "3", "--lr", "0.01", "--resume"));
        assertTrue(changed.err().contains("cannot resume " + broken + ": the data differ: split "), changed.err());
        assertTrue(changed.err().contains(" in the run, ") && changed.err().contains("Resume on the run's data or start a new out folder."),
                changed.err());
        Files.write(data, rows);

        assertArrayEquals(config, Files.readAllBytes(broken.resolve("config.yaml")), "a refused resume leaves config.yaml as it was");
        assertArrayEquals(checkpoint, Files.readAllBytes(state), "and the checkpoint");
        assertFalse(Files.exists(broken.resolve("metrics.json")), "and trains nothing");

        // The way out the refusals name: the run's own options.
        GraftCli.Result resumed = GraftCli.run("finetune", "--config", broken.resolve("config.yaml").toString(), "--resume", "--out",
                broken.toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertArrayEquals(Files.readAllBytes(unbroken.resolve("metrics.json")), Files.readAllBytes(broken.resolve("metrics.json")));
        assertArrayEquals(Files.readAllBytes(unbroken.resolve("model.safetensors")), Files.readAllBytes(broken.resolve("model.safetensors")));
        assertArrayEquals(Files.readAllBytes(unbroken.resolve("config.yaml")), Files.readAllBytes(broken.resolve("config.yaml")));
    }

    @Test
    void resume_ofAnOlderRunWithoutConfigYaml_isRefusedWhenItHasACheckpoint() throws Exception {
        Path manifest = lesions();
        Path old = dir.resolve("old");
        Files.createDirectories(old.resolve("checkpoint"));
        Files.writeString(old.resolve("config.json"), "{\"training\": {\"epochs\": 1}}");
        Files.writeString(old.resolve("checkpoint/state.json"), "{}");
        GraftCli.Result run = refused(2, finetune(manifest, old, "--epochs", "1", "--resume"));
        assertTrue(run.err().contains("cannot resume " + old + ": it has a checkpoint but no config.yaml (an older Graft wrote"
                + " config.json), so its options cannot be checked against these; start a new out folder, or pass overwrite instead of"
                + " resume to replace it."), run.err());

        Files.delete(old.resolve("checkpoint/state.json"));
        Files.delete(old.resolve("checkpoint"));
        GraftCli.Result fresh = GraftCli.run(finetune(manifest, old, "--epochs", "1", "--resume"));
        assertEquals(0, fresh.exitCode(), "without a checkpoint there is nothing to check; it trains from the start: " + fresh.err());
        assertTrue(Files.isRegularFile(old.resolve("config.yaml")));
    }

    @Test
    void finetune_intoARun_isRefusedUnlessOverwrite_andExportAndPredictKeepTheRunsFilesAndInputs() throws Exception {
        Path manifest = lesions();
        Path run = dir.resolve("finished");
        assertEquals(0, GraftCli.run(finetune(manifest, run, "--epochs", "1")).exitCode());
        byte[] metrics = Files.readAllBytes(run.resolve("metrics.json"));
        byte[] weights = Files.readAllBytes(run.resolve("model.safetensors"));

        GraftCli.Result again = refused(2, finetune(manifest, run, "--epochs", "1", "--lr", "0.05"));
        assertTrue(again.err().contains(run + " already holds a run (config.yaml, manifest.json, metrics.json, model.json,"
                + " model.safetensors, history.csv, report.html, errors.csv, checkpoint/); pass resume to continue it, overwrite to"
                + " replace it, or choose another out folder."), again.err());
        assertArrayEquals(metrics, Files.readAllBytes(run.resolve("metrics.json")), "the run is untouched");
        GraftCli.Result both = refused(2, finetune(manifest, run, "--epochs", "1", "--resume", "--overwrite"));
        assertTrue(both.err().contains("resume continues the run in " + run + " and overwrite replaces it; choose one."), both.err());

        Path model = run.resolve("model.safetensors");
        GraftCli.Result export = refused(2, "export", "--run", run.toString(), "--out", model.toString());
        assertTrue(export.err().contains("out " + model + " is one of the run's own files in " + run.toRealPath()
                + "; the export would replace it. Choose another out file, e.g. " + run.toRealPath().resolve("model.onnx") + "."),
                export.err());
        Path params = run.resolve("checkpoint/epoch-1/params.safetensors");
        GraftCli.Result intoCheckpoint = refused(2, "export", "--run", run.toString(), "--out", params.toString());
        assertTrue(intoCheckpoint.err().contains("out " + params + " is one of the run's own files in " + run.toRealPath()
                + "; the export would replace it. Choose another out file, e.g. " + run.toRealPath().resolve("model.onnx") + "."),
                intoCheckpoint.err());
        GraftCli.Result respelled = refused(2, "export", "--run", run.toString(), "--out",
                run.resolve("../finished/./model.json").toString());
        assertTrue(respelled.err().contains("is one of the run's own files"), respelled.err());
        assertArrayEquals(weights, Files.readAllBytes(model), "the trained weights are untouched");

        Path image = manifest.resolveSibling("images").toRealPath();
        Path first;
        try (var images = Files.list(image)) {
            first = images.filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
        }
        byte[] pixels = Files.readAllBytes(first);
        GraftCli.Result ontoImage = refused(2, "predict", "--run", run.toString(), "--out", first.toString(), first.toString());
        assertTrue(ontoImage.err().contains("--out " + first + " is one of the inputs (" + first
                + "); the predictions would overwrite it. Choose another out file."), ontoImage.err());
        Path link = dir.resolve("link.png");
        Files.createSymbolicLink(link, first);
        GraftCli.Result viaLink = refused(2, "predict", "--run", run.toString(), "--data", manifest.toString(), "--out", link.toString());
        assertTrue(viaLink.err().contains("--out " + link + " is one of the inputs ("), viaLink.err());
        GraftCli.Result ontoData = refused(2, "predict", "--run", run.toString(), "--data", manifest.toString(), "--out", manifest.toString());
        assertTrue(ontoData.err().contains("--out " + manifest + " is one of the inputs (" + manifest + ")"), ontoData.err());
        assertArrayEquals(pixels, Files.readAllBytes(first), "the image is untouched");
        Path runMetrics = run.resolve("metrics.json");
        GraftCli.Result ontoRun = refused(2, "predict", "--run", run.toString(), "--out", runMetrics.toString(), first.toString());
        assertTrue(ontoRun.err().contains("out " + runMetrics + " is one of the run's own files"), ontoRun.err());
        assertArrayEquals(metrics, Files.readAllBytes(runMetrics));
        GraftCli.Result beside = GraftCli.run("predict", "--run", run.toString(), "--out", run.resolve("predictions.csv").toString(),
                first.toString());
        assertEquals(0, beside.exitCode(), "a new file in the run folder is fine: " + beside.err());

        GraftCli.Result overwritten = GraftCli.run(finetune(manifest, run, "--epochs", "1", "--lr", "0.05", "--overwrite"));
        assertEquals(0, overwritten.exitCode(), overwritten.err());
        String config = Files.readString(run.resolve("config.yaml"));
        assertTrue(config.contains("lr: 0.05") && !config.contains("overwrite"), "overwrite is not saved:\n" + config);
    }

    @Test
    void javaApi_refusesARunFolder_unlessOptOverwrite() throws Exception {
        Path manifest = lesions();
        Path run = dir.resolve("java");
        assertEquals(0, GraftCli.run(finetune(manifest, run, "--epochs", "1")).exitCode());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder(manifest, run).optEpochs(1).build().fit());
        assertTrue(e.getMessage().contains(run + " already holds a run ("), e.getMessage());
        try (var model = builder(manifest, run).optEpochs(1).optLearningRate(0.05).optOverwrite(true).build().fit()) {
            assertTrue(Files.readString(run.resolve("config.yaml")).contains("lr: 0.05"));
        }
    }

    @Test
    void twoConcurrentFinetunesOnOneOut_oneWins_theOtherExits1NamingTheLock() throws Exception {
        Path manifest = lesions();
        Path out = dir.resolve("contended");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<GraftCli.Result>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return GraftCli.run(finetune(manifest, out, "--epochs", "2"));
                }));
            }
            start.countDown();
            GraftCli.Result a = runs.get(0).get(5, TimeUnit.MINUTES);
            GraftCli.Result b = runs.get(1).get(5, TimeUnit.MINUTES);
            GraftCli.Result winner = a.exitCode() == 0 ? a : b;
            GraftCli.Result loser = winner == a ? b : a;
            assertEquals(0, winner.exitCode(), winner.err());
            assertEquals(1, loser.exitCode(), loser.err());
            assertEquals("graft finetune: " + out + " is being written by another graft process (lock " + out.resolve(".lock")
                    + "); wait for it or choose another out folder.", loser.err().strip());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void finetune_onAFolderLockedByAnotherProcess_exits1NamingTheLock() throws Exception {
        Path manifest = lesions();
        Path out = dir.resolve("locked");
        try (RunLock lock = RunLock.acquire(out)) {
            GraftCli.Result second = GraftCli.runInOwnProcess(finetune(manifest, out, "--epochs", "1"));
            assertEquals(1, second.exitCode(), second.out() + second.err());
            assertEquals("graft finetune: " + out + " is being written by another graft process (lock " + out.resolve(".lock")
                    + "); wait for it or choose another out folder.", second.err().strip());
        }
        assertFalse(Files.exists(out.resolve("config.yaml")), "the refused process wrote nothing");
        GraftCli.Result after = GraftCli.run(finetune(manifest, out, "--epochs", "1"));
        assertEquals(0, after.exitCode(), "the lock is released with its holder: " + after.err());
    }
}
