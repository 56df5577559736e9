package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.graft.datasets.LabeledImage;
import dev.graft.datasets.image.BadImagePolicy;
import dev.graft.datasets.image.FileImage;
import dev.graft.datasets.image.ImageDecoder;
import dev.graft.datasets.image.ImageLoader;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decision threshold chosen on validation for a target recall is stored in the run, used by
 * predict, and carried into the ONNX export, which runs in a plain ONNX Runtime session with the
 * same probabilities as graft predict.
 */
class ThresholdExportHymenopteraTest {

    @Test
    void thresholdForRecall_isUsedByPredict_andExportedToOnnx(@TempDir Path dir) throws Exception {
        Path data = SharedAssets.require("datasets/hymenoptera");
        Path weights = SharedAssets.require("weights/mobilenet_v2/weights.safetensors");
        Path run = dir.resolve("run");
        GraftCli.Result trained = GraftCli.run("finetune", "--data", data.toString(), "--arch", "mobilenet_v2",
                "--weights", weights.toString(), "--freeze", "all", "--image-size", "112", "--epochs", "5",
                "--test-fraction", "0", "--target-recall", "0.9", "--positive", "bees", "--device", "cpu", "--out", run.toString());
        assertEquals(0, trained.exitCode(), trained.err());
        ObjectMapper json = new ObjectMapper();
        JsonNode metrics = json.readTree(run.resolve("metrics.json").toFile());
        double threshold = metrics.path("operating_point").path("threshold").asDouble();
        assertEquals("bees", metrics.path("operating_point").path("positive").asText());
        assertTrue(metrics.path("val").path("per_class").path("bees").path("recall").asDouble() >= 0.9, metrics.path("val").toString());
        assertEquals(threshold, json.readTree(run.resolve("model.json").toFile()).path("operating_point").path("threshold").asDouble());

        GraftCli.Result predicted = GraftCli.run("predict", "--run", run.toString(), "--data", data.resolve("val").toString());
        assertEquals(0, predicted.exitCode(), predicted.err());
        List<String> rows = predicted.out().lines().skip(1).toList();
        assertEquals(153, rows.size());
        int beesBelowHalf = 0;
        int beesPredicted = 0;
        for (String row : rows) {
            String[] cells = row.split(",");
            double pBees = Double.parseDouble(cells[3]);
            if (Math.abs(pBees - threshold) > 1e-6) {
                assertEquals(pBees > threshold ? "bees" : "ants", cells[1], row + " (CSV probabilities have 6 decimals)");
            }
            beesPredicted += cells[1].equals("bees") ? 1 : 0;
            beesBelowHalf += cells[1].equals("bees") && pBees < 0.5 ? 1 : 0;
        }
        assertTrue(threshold >= 0.5 || beesBelowHalf > 0, "threshold " + threshold + " was applied, not argmax");
        assertTrue(beesPredicted >= 0.9 * 83, "at least 90% of the 83 bees are flagged: " + beesPredicted);

        Path onnx = dir.resolve("model.onnx");
        GraftCli.Result exported = GraftCli.run("export", "--run", run.toString(), "--out", onnx.toString(), "--with-preprocessing");
        assertEquals(0, exported.exitCode(), exported.err());
        java.util.regex.Matcher diff = java.util.regex.Pattern.compile("max_abs_diff=(\\S+)").matcher(exported.out());
        assertTrue(diff.find(), exported.out());
        assertTrue(Double.parseDouble(diff.group(1)) <= 1e-4, exported.out());

        List<Path> images = rows.stream().limit(5).map(r -> Path.of(r.split(",")[0])).toList();
        float[] pixels = new float[images.size() * 3 * 112 * 112];
        ImageLoader loader = new ImageLoader(128, 112, BadImagePolicy.FAIL);
        for (int i = 0; i < images.size(); i++) {
            float[] chw = loader.load(LabeledImage.of(new FileImage(images.get(i), ImageDecoder.standard()), 0)).orElseThrow();
            System.arraycopy(chw, 0, pixels, i * chw.length, chw.length);
        }
        try (OrtEnvironment env = OrtEnvironment.getEnvironment();
                OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions())) {
            Map<String, String> metadata = session.getMetadata().getCustomMetadata();
            assertEquals("[\"ants\",\"bees\"]", metadata.get("graft.labels"));
            assertEquals(threshold, Double.parseDouble(metadata.get("graft.threshold")));
            assertEquals("bees", metadata.get("graft.positive_class"));
            assertEquals("112", metadata.get("graft.input_size"));
            long[] inputShape = ((TensorInfo) session.getInputInfo().get("input").getInfo()).getShape();
            assertEquals(List.of(-1L, 3L, 112L, 112L), java.util.Arrays.stream(inputShape).boxed().toList(), "dynamic batch");
            try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {images.size(), 3, 112, 112});
                    OrtSession.Result result = session.run(Map.of("input", input))) {
                float[][] p = (float[][]) result.get("probabilities").orElseThrow().getValue();
                for (int i = 0; i < images.size(); i++) {
                    double graftBees = Double.parseDouble(rows.get(i).split(",")[3]);
                    assertEquals(graftBees, p[i][1], 1e-4, images.get(i) + ": ONNX Runtime agrees with graft predict");
                }
            }
        }
    }
}
