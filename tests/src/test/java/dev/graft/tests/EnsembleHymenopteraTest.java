package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three seeds of a frozen-trunk MobileNetV2 on ants vs bees, ensembled and evaluated on held-out images. */
class EnsembleHymenopteraTest {

    @Test
    void ensembleOfThreeSeeds_isReportedBesideItsMembers_andAveragesTheirProbabilities(@TempDir Path dir) throws Exception {
        Path data = SharedAssets.require("datasets/hymenoptera");
        Path weights = SharedAssets.require("weights/mobilenet_v2/weights.safetensors");
        List<String> runs = new ArrayList<>();
        for (int seed = 1; seed <= 3; seed++) {
            Path run = dir.resolve("seed" + seed);
            GraftCli.Result trained = GraftCli.run("finetune", "--data", data.resolve("train").toString(), "--arch", "mobilenet_v2",
                    "--weights", weights.toString(), "--freeze", "all", "--image-size", "112", "--epochs", "4",
                    "--val-fraction", "0.2", "--test-fraction", "0", "--seed", Integer.toString(seed), "--device", "cpu",
                    "--out", run.toString());
            assertEquals(0, trained.exitCode(), trained.err());
            runs.add(run.toString());
        }
        List<String> args = new ArrayList<>(List.of("ensemble", "--out", dir.resolve("ensemble").toString(),
                "--data", data.resolve("val").toString(), "--runs"));
        args.addAll(runs);
        GraftCli.Result ensembled = GraftCli.run(args.toArray(String[]::new));
        assertEquals(0, ensembled.exitCode(), ensembled.err());

        JsonNode metrics = new ObjectMapper().readTree(dir.resolve("ensemble").resolve("metrics.json").toFile());
        assertEquals(3, metrics.path("members").size());
        JsonNode ensemble = metrics.path("ensemble");
        assertEquals(153, ensemble.path("count").asInt(), "the held-out val/ folder, never used for training or selection");
        double meanMemberLoss = 0;
        double worstMemberAccuracy = 1;
        for (JsonNode member : metrics.path("members")) {
            meanMemberLoss += member.path("loss").asDouble() / 3;
            worstMemberAccuracy = Math.min(worstMemberAccuracy, member.path("accuracy").asDouble());
        }
        assertTrue(ensemble.path("loss").asDouble() <= meanMemberLoss + 1e-9,
                "averaged probabilities never have a higher log loss than the members' mean (Jensen)");
        assertTrue(ensemble.path("accuracy").asDouble() >= worstMemberAccuracy, metrics.toString());
        assertTrue(ensemble.path("accuracy").asDouble() >= 0.85, "ensemble accuracy " + ensemble.path("accuracy"));

        GraftCli.Result ensemblePredictions = GraftCli.run("predict", "--run", dir.resolve("ensemble").toString(),
                "--data", data.resolve("val").toString());
        assertEquals(0, ensemblePredictions.exitCode(), ensemblePredictions.err());
        List<double[]> memberBees = new ArrayList<>();
        for (String run : runs) {
            GraftCli.Result p = GraftCli.run("predict", "--run", run, "--data", data.resolve("val").toString());
            memberBees.add(p.out().lines().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[3])).toArray());
        }
        double[] ensembleBees = ensemblePredictions.out().lines().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[3])).toArray();
        for (int i = 0; i < ensembleBees.length; i++) {
            double mean = (memberBees.get(0)[i] + memberBees.get(1)[i] + memberBees.get(2)[i]) / 3;
            assertEquals(mean, ensembleBees[i], 2e-6, "image " + i + ": the ensemble's p(bees) is the members' mean");
        }
    }
}
