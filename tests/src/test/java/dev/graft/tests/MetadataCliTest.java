package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.LabeledImage;
import dev.graft.datasets.image.BadImagePolicy;
import dev.graft.datasets.image.ImageDecoder;
import dev.graft.datasets.image.ImageLoader;
import dev.graft.datasets.image.Normalization;
import dev.graft.datasets.io.CsvManifestReader;
import dev.graft.datasets.io.CsvTable;
import dev.graft.datasets.metadata.MetadataEncoding;
import dev.graft.datasets.synthetic.MetadataLesions;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code graft finetune --metadata}: on synthetic lesions whose melanoma rate depends strongly on
 * age, a frozen trunk with age and site beside the image beats the same trunk on the image alone;
 * predict and evaluate read the columns from a CSV; the ONNX export has inputs {@code image} and
 * {@code metadata}, and a plain ONNX Runtime session fed the same image tensor and the metadata
 * encoded from the file's own metadata_props matches {@code graft predict}.
 */
class MetadataCliTest {

    private static final int SIDE = 32;

    @TempDir
    static Path dir;
    private static Path train;
    private static Path val;
    private static Path imageOnly;
    private static Path withMetadata;

    @BeforeAll
    static void trainBoth() throws Exception {
        train = new MetadataLesions(200, SIDE, 11, 4.0, 0.6).generate(dir.resolve("train"));
        val = new MetadataLesions(120, SIDE, 12, 4.0, 0.6).generate(dir.resolve("val"));
        imageOnly = dir.resolve("image-only");
        withMetadata = dir.resolve("with-metadata");
        GraftCli.Result a = GraftCli.run(common(imageOnly));
        assertEquals(0, a.exitCode(), a.err());
        GraftCli.Result b = GraftCli.run(common(withMetadata, "--metadata", "age,site:cat"));
        assertEquals(0, b.exitCode(), b.err());
        assertTrue(b.err().contains("metadata fitted on the training rows: age (numeric"), b.err());
    }

    private static String[] common(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("finetune", "--data", train.toString(), "--val", val.toString(),
                "--arch", "resnet18", "--image-size", String.valueOf(SIDE), "--resize", String.valueOf(SIDE), "--epochs", "8",
                "--batch-size", "32", "--lr", "0.01", "--patience", "0", "--metric", "auc", "--normalize", "train", "--device", "cpu",
                "--seed", "5", "--out", out.toString()));
        args.addAll(List.of(extra));
        return args.toArray(new String[0]);
    }

    @Test
    void imageAndMetadata_beatsImageOnly_whenTheLabelDependsOnAge() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode image = json.readTree(imageOnly.resolve("metrics.json").toFile()).path("val");
        JsonNode both = json.readTree(withMetadata.resolve("metrics.json").toFile()).path("val");
        double aucImage = image.path("auc").asDouble();
        double aucBoth = both.path("auc").asDouble();
        assertTrue(aucBoth >= aucImage + 0.15, "val AUC image+metadata " + aucBoth + " vs image only " + aucImage);
        assertTrue(both.path("accuracy").asDouble() >= image.path("accuracy").asDouble() + 0.08,
                "val accuracy image+metadata " + both + " vs image only " + image);
        assertFalse(Files.readString(imageOnly.resolve("config.yaml")).contains("metadata"), "off by default");
        assertFalse(Files.readString(imageOnly.resolve("model.json")).contains("metadata"), "model.json unchanged without metadata");
        assertFalse(Files.exists(imageOnly.resolve("metadata.json")));
        assertTrue(Files.readString(withMetadata.resolve("config.yaml")).contains("metadata: \"age,site:cat\""),
                Files.readString(withMetadata.resolve("config.yaml")));
        JsonNode encoding = json.readTree(withMetadata.resolve("metadata.json").toFile());
        assertEquals("NUMERIC", encoding.path("columns").path(0).path("type").asText(), "age inferred numeric");
        assertEquals("[\"arm\",\"head\",\"leg\",\"trunk\"]", encoding.path("columns").path(1).path("vocabulary").toString());

        GraftCli.Result evaluated = GraftCli.run("evaluate", "--run", withMetadata.toString(), "--data", val.toString());
        assertEquals(0, evaluated.exitCode(), evaluated.err());
        assertEquals(aucBoth, json.readTree(evaluated.out()).path("auc").asDouble(), 1e-6, "evaluate reads the columns as the run did");
    }

    @Test
    void onnxExport_withImageAndMetadataInputs_matchesPredictInPlainOnnxRuntime() throws Exception {
        Path rows = dir.resolve("val/rows.csv");
        List<String> lines = Files.readAllLines(val);
        Files.write(rows, lines.subList(0, 6));
        Path onnx = dir.resolve("metadata.onnx");
        GraftCli.Result exported = GraftCli.run("export", "--run", withMetadata.toString(), "--out", onnx.toString());
        assertEquals(0, exported.exitCode(), exported.err());
        Matcher diff = Pattern.compile("max_abs_diff=(\\S+)").matcher(exported.out());
        assertTrue(diff.find() && Double.parseDouble(diff.group(1)) <= 1e-4, exported.out());
        assertTrue(exported.out().contains("\"age\",\"age:missing\",\"site=arm\""), exported.out());

        GraftCli.Result predicted = GraftCli.run("predict", "--run", withMetadata.toString(), "--data", rows.toString());
        assertEquals(0, predicted.exitCode(), predicted.err());
        List<String> csv = predicted.out().lines().toList();
        assertEquals(6, csv.size(), predicted.out());

        ImageDataset data = CsvManifestReader.standard(ImageDecoder.standard()).read(rows);
        try (OrtEnvironment env = OrtEnvironment.getEnvironment();
                OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions())) {
            Map<String, String> props = session.getMetadata().getCustomMetadata();
            assertEquals(List.of("image", "metadata"), List.copyOf(session.getInputNames()));
            assertEquals("image,metadata", props.get("graft.inputs"));
            MetadataEncoding encoding = new ObjectMapper().readValue(props.get("graft.metadata"), MetadataEncoding.class);
            ObjectMapper json = new ObjectMapper();
            Normalization normalization = new Normalization(json.readValue(props.get("graft.mean"), float[].class),
                    json.readValue(props.get("graft.std"), float[].class));
            ImageLoader loader = new ImageLoader(Integer.parseInt(props.get("graft.resize")), SIDE, BadImagePolicy.FAIL);
            int n = data.size();
            int plane = 3 * SIDE * SIDE;
            float[] pixels = new float[n * plane];
            float[] metadata = new float[n * encoding.width()];
            for (int i = 0; i < n; i++) {
                LabeledImage row = data.images().get(i);
                float[] chw = loader.decode(row);
                for (int k = 0; k < chw.length; k++) {
                    chw[k] = Math.round(chw[k] * 255f) / 255f; // graft keeps decoded images as 8-bit pixels
                }
                System.arraycopy(normalization.apply(chw), 0, pixels, i * plane, plane);
                System.arraycopy(encoding.encode(row, "rows.csv"), 0, metadata, i * encoding.width(), encoding.width());
            }
            try (OnnxTensor image = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {n, 3, SIDE, SIDE});
                    OnnxTensor meta = OnnxTensor.createTensor(env, FloatBuffer.wrap(metadata), new long[] {n, encoding.width()});
                    OrtSession.Result result = session.run(Map.of("image", image, "metadata", meta))) {
                float[][] probabilities = (float[][]) result.get("probabilities").orElseThrow().getValue();
                double worst = 0;
                for (int i = 0; i < n; i++) {
                    String[] cells = csv.get(i + 1).split(",");
                    for (int c = 0; c < 2; c++) {
                        worst = Math.max(worst, Math.abs(Double.parseDouble(cells[2 + c]) - probabilities[i][c]));
                    }
                }
                assertTrue(worst <= 1e-4, "ONNX Runtime vs graft predict: " + worst);
                boolean anyConfident = false;
                for (float[] p : probabilities) {
                    anyConfident |= Math.abs(p[0] - p[1]) > 0.2;
                }
                assertTrue(anyConfident, "the rows are not all at chance, so the comparison means something");
            }
        }
    }

    @Test
    void lrFindAndLrAuto_trainTheMetadataHeadAsTheRunDoes() throws Exception {
        List<String> frozen = List.of("--data", train.toString(), "--val", val.toString(), "--arch", "resnet18", "--image-size",
                String.valueOf(SIDE), "--resize", String.valueOf(SIDE), "--freeze", "all", "--batch-size", "32", "--normalize", "train",
                "--device", "cpu", "--seed", "5", "--lr-find-steps", "20");
        java.util.function.BiFunction<String, List<String>, GraftCli.Result> graft = (command, more) -> {
            List<String> args = new java.util.ArrayList<>(List.of(command));
            args.addAll(frozen);
            args.addAll(more);
            return GraftCli.run(args.toArray(new String[0]));
        };
        Path plain = dir.resolve("lr-find-image-only");
        Path joined = dir.resolve("lr-find-metadata");
        assertEquals(0, graft.apply("lr-find", List.of("--out", plain.toString())).exitCode());
        GraftCli.Result found = graft.apply("lr-find", List.of("--metadata", "age,site:cat", "--out", joined.toString()));
        assertEquals(0, found.exitCode(), found.err());
        assertFalse(Files.readString(plain.resolve("lr_find.csv")).equals(Files.readString(joined.resolve("lr_find.csv"))),
                "the range test trains the head that reads the metadata, so its losses differ from the image-only head's");
        Path auto = dir.resolve("lr-auto-metadata");
        GraftCli.Result run = graft.apply("finetune", List.of("--metadata", "age,site:cat", "--lr", "auto", "--epochs", "1", "--out",
                auto.toString()));
        assertEquals(0, run.exitCode(), run.err());
        String yaml = Files.readString(auto.resolve("config.yaml"));
        assertTrue(yaml.matches("(?s).*\\nlr: \\d\\.\\d+(E-\\d+)?\\n.*") && yaml.contains("metadata:"), yaml);
        // SWA recomputes the statistics of the MLP head's BatchNorm with a forward pass that must feed the metadata too.
        Path swa = dir.resolve("swa-metadata");
        GraftCli.Result averaged = graft.apply("finetune", List.of("--metadata", "age,site:cat", "--head", "mlp", "--epochs", "2",
                "--swa-epochs", "1", "--lr", "0.01", "--out", swa.toString()));
        assertEquals(0, averaged.exitCode(), averaged.err());
        assertTrue(averaged.err().contains("BatchNorm statistics recomputed over 200 training images"), averaged.err());
    }

    @Test
    void metadataErrors_areOneLineNamingTheColumnOrOption() throws Exception {
        Path noSite = dir.resolve("val/no-site.csv");
        CsvTable table = CsvTable.read(val);
        StringBuilder text = new StringBuilder("path,label,group,age\n");
        table.rows().subList(0, 4).forEach(r -> text.append(String.join(",", r.cells().subList(0, 4))).append('\n'));
        Files.writeString(noSite, text);
        HostileFilesCliTest.assertOneLine(GraftCli.run("predict", "--run", withMetadata.toString(), "--data", noSite.toString()), 1,
                "no column 'site', which the model takes as metadata");
        HostileFilesCliTest.assertOneLine(GraftCli.run(common(dir.resolve("typo"), "--metadata", "age:number")), 2,
                "metadata column 'age' has type 'number'; the types are num and cat");
        HostileFilesCliTest.assertOneLine(GraftCli.run(common(dir.resolve("absent"), "--metadata", "weight")), 1,
                "has no column 'weight', which the model takes as metadata");
        Path tasks = dir.resolve("tasks.yaml");
        Files.writeString(tasks, "tasks:\n  - {name: diagnosis, column: label, kind: binary, role: main}\n");
        HostileFilesCliTest.assertOneLine(GraftCli.run(common(dir.resolve("mt"), "--metadata", "age", "--tasks", tasks.toString())),
                2, "metadata feeds the single task's head; it does not combine with tasks");
        HostileFilesCliTest.assertOneLine(GraftCli.run(common(withMetadata, "--metadata", "age", "--resume")), 2,
                "metadata is age,site:cat in the run, age now");
        GraftCli.Result tfjs = GraftCli.run("export", "--run", withMetadata.toString(), "--format", "tfjs", "--out",
                dir.resolve("tfjs").toString());
        HostileFilesCliTest.assertOneLine(tfjs, 1, "reads metadata [age, site] beside the image; use --format onnx");
    }
}
