package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graft.core.export.TfjsExport;
import dev.graft.core.export.TfjsNode;
import dev.graft.datasets.LabeledImage;
import dev.graft.datasets.image.BadImagePolicy;
import dev.graft.datasets.image.FileImage;
import dev.graft.datasets.image.ImageDecoder;
import dev.graft.datasets.image.ImageLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ants/bees run exported with {@code graft export --format tfjs} loads in pure {@code
 * @tensorflow/tfjs} (Node) and gives, on real validation photos, the probabilities {@code graft
 * predict} prints, within 1e-4; the export's own check reports its max_abs_diff. Skipped with the
 * reason where Node is missing, failed under {@code CI=true}.
 */
class TfjsExportHymenopteraTest {

    private static final int SIDE = 64;

    @Test
    void tfjsExport_loadsInTensorFlowJs_andAgreesWithGraftPredict(@TempDir Path dir) throws Exception {
        TfjsNodeCheck.require();
        Path data = SharedAssets.require("datasets/hymenoptera");
        Path weights = SharedAssets.require("weights/mobilenet_v2/weights.safetensors");
        Path run = dir.resolve("run");
        GraftCli.Result trained = GraftCli.run("finetune", "--data", data.toString(), "--arch", "mobilenet_v2",
                "--weights", weights.toString(), "--freeze", "all", "--image-size", Integer.toString(SIDE), "--epochs", "2",
                "--test-fraction", "0", "--device", "cpu", "--out", run.toString());
        assertEquals(0, trained.exitCode(), trained.err());

        GraftCli.Result predicted = GraftCli.run("predict", "--run", run.toString(), "--data", data.resolve("val").toString());
        assertEquals(0, predicted.exitCode(), predicted.err());
        List<String[]> rows = predicted.out().lines().skip(1).limit(8).map(r -> r.split(",")).toList();

        Path tfjs = dir.resolve("web");
        GraftCli.Result exported = GraftCli.run("export", "--run", run.toString(), "--format", "tfjs", "--out", tfjs.toString());
        assertEquals(0, exported.exitCode(), exported.err());
        Matcher diff = Pattern.compile("max_abs_diff=(\\S+)").matcher(exported.out());
        assertTrue(diff.find(), exported.out());
        System.out.println(exported.out().strip());
        assertTrue(Double.parseDouble(diff.group(1)) <= 1e-4, exported.out());
        JsonNode model = new com.fasterxml.jackson.databind.ObjectMapper().readTree(tfjs.resolve("model.json").toFile());
        for (JsonNode shard : model.path("weightsManifest").get(0).path("paths")) {
            assertTrue(Files.exists(tfjs.resolve(shard.asText())), shard.asText());
        }

        // Preprocess as the metadata tells a TensorFlow.js user: resize the shorter side, centre-crop, [0, 1] RGB.
        ImageLoader loader = new ImageLoader(model.path("userDefinedMetadata").path("graft").path("resize").asInt(), SIDE, BadImagePolicy.FAIL);
        int size = 3 * SIDE * SIDE;
        float[] pixels = new float[rows.size() * size];
        for (int i = 0; i < rows.size(); i++) {
            float[] chw = loader.load(LabeledImage.of(new FileImage(Path.of(rows.get(i)[0]), ImageDecoder.standard()), 0)).orElseThrow();
            System.arraycopy(chw, 0, pixels, i * size, size);
        }
        TfjsNode.Prediction p = TfjsNode.predict(tfjs, TfjsExport.toNhwc(pixels, rows.size(), SIDE), new long[] {rows.size(), SIDE, SIDE, 3});
        JsonNode metadata = p.summary().path("metadata").path("graft");
        assertEquals("[\"ants\",\"bees\"]", metadata.path("labels").toString());
        assertEquals(SIDE, metadata.path("input_size").asInt());
        assertEquals("NHWC", metadata.path("layout").asText());
        assertEquals("cpu", p.summary().path("backend").asText());
        double worst = 0;
        double confident = 0;
        for (int i = 0; i < rows.size(); i++) {
            for (int c = 0; c < 2; c++) {
                double graft = Double.parseDouble(rows.get(i)[2 + c]);
                worst = Math.max(worst, Math.abs(graft - p.output()[2 * i + c]));
                confident = Math.max(confident, Math.abs(graft - 0.5));
            }
        }
        System.out.printf(java.util.Locale.ROOT, "graft predict vs TensorFlow.js on %d val photos: max_abs_diff=%.3e%n", rows.size(), worst);
        assertTrue(worst <= 1e-4, "graft predict vs TensorFlow.js: " + worst);
        assertTrue(confident > 0.2, "the run is confident enough for the comparison to mean something: " + confident);
    }
}
