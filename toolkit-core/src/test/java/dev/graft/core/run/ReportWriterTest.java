package dev.graft.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.data.CachedSplit;
import dev.graft.core.diagnose.Diagnosis;
import dev.graft.core.metric.ClassificationMetrics;
import dev.graft.core.metric.ClassificationReport;
import dev.graft.core.metric.OperatingPoint;
import dev.graft.core.train.EpochResult;
import dev.graft.datasets.LabeledImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    private static final List<String> CLASSES = List.of("cat", "dog", "fox");

    /** Noisy predictions of 30 images, three classes: right about two times in three. */
    private static Predictions predictions(long seed) {
        Random random = new Random(seed);
        int n = 30;
        List<LabeledImage> images = new ArrayList<>();
        int[] labels = new int[n];
        float[][] p = new float[n][3];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            images.add(LabeledImage.of(new ErrorAnalysisTest.Named("img" + i + ".png"), labels[i]));
            float sum = 0;
            for (int c = 0; c < 3; c++) {
                p[i][c] = random.nextFloat() + (c == labels[i] ? 0.8f : 0);
                sum += p[i][c];
            }
            for (int c = 0; c < 3; c++) {
                p[i][c] /= sum;
            }
        }
        return new Predictions(new CachedSplit(images, labels, new byte[n][3 * 4 * 4], 4), p, OperatingPoint.ARGMAX);
    }

    @Test
    void write_threeClasses_showsTestMetricsConfigurationAndOneRocPanelPerClass(@TempDir Path run) throws Exception {
        Predictions val = predictions(1);
        Predictions test = predictions(2);
        float[] weights = {1, 1, 1};
        ClassificationReport valReport = ClassificationMetrics.compute(CLASSES, val.split().labels(), val.probabilities(), weights);
        ClassificationReport testReport = ClassificationMetrics.withIntervals(CLASSES, test.split().labels(), test.probabilities(), weights,
                200, 7);
        List<EpochResult> history = List.of(new EpochResult(1, 1.1, 0.4, valReport, 1e-3, 50, 3.5, 10),
                new EpochResult(2, 0.8, 0.6, valReport, 5e-4, 55, 3.1, 10), new EpochResult(3, 0.7, 0.7, valReport, 1e-4, 56, 3.0, 10));
        Files.writeString(run.resolve("config.yaml"), "# the options\narch: mobilenet_v2\nepochs: 3\nlr: 0.001\n");
        Files.writeString(run.resolve("manifest.json"), "{\"graft_version\":\"9.9.9\",\"created\":\"2026-12-02T15:04:05.123Z\","
                + "\"splits\":{\"train\":{\"count\":90,\"class_counts\":[30,30,30]},\"val\":{\"count\":30,\"class_counts\":[10,10,10]}}}");
        Diagnosis diagnosis = Diagnosis.of(0, 0.30, Double.NaN, 0.33, 0.36, 90, 0, 30, 30);

        ReportWriter.write(run.resolve("report.html"), new ReportWriter.Contents("run (mobilenet_v2)", CLASSES, history, valReport, val,
                testReport, 2, diagnosis, Map.of()));
        String html = Files.readString(run.resolve("report.html"), StandardCharsets.UTF_8);

        // test metrics with their intervals
        assertTrue(html.contains("test (n=30)"), "test column");
        double[] accuracy = testReport.intervals().get("accuracy");
        assertTrue(html.contains(String.format(java.util.Locale.ROOT, "<td>%.4f</td><td>%.3f – %.3f</td>", testReport.accuracy(),
                accuracy[0], accuracy[1])), "test accuracy and its interval");
        // the configuration, data sizes, versions and date
        assertTrue(html.contains("<th class=\"l\">arch</th><td class=\"l\">mobilenet_v2</td>"), "configuration");
        assertTrue(html.contains("<th class=\"l\">train</th><td>90</td><td>30</td>"), "data sizes");
        assertTrue(html.contains("Graft 9.9.9") && html.contains("2026-12-02 15:04:05 UTC"), "version and date");
        // one ROC panel per class, each with its AUC in the legend, axis titles and the diagonal
        assertEquals(3, count(html, "<div class=\"roc\">"));
        for (int c = 0; c < 3; c++) {
            String auc = String.format(java.util.Locale.ROOT, "%.4f", ClassificationMetrics.binaryAuc(val.split().labels(), val.probabilities(), c));
            assertTrue(html.contains(CLASSES.get(c) + " vs rest (AUC " + auc + ")"), "AUC of " + CLASSES.get(c));
        }
        assertEquals(3, count(html, ">false positive rate<"));
        assertEquals(3, count(html, ">chance<"));
        assertTrue(html.contains("Precision–recall"), "PR curve");
        // the kept epoch marked on each learning curve, epochs as ticks
        assertEquals(3, count(html, "class=\"kept\""));
        assertTrue(html.contains(">kept: epoch 2<"));
        // readable diagnosis with each gap against its interval
        assertTrue(html.contains(">Avoidable bias<") && !html.contains(">avoidable_bias<"));
        assertTrue(html.contains("not significant on 30 images"), "val/test gap of 0.03 on 30 images is noise");
        // normalised confusion matrix beside the counts
        assertTrue(html.contains("class=\"confusion-normalised\""));
    }

    @Test
    void ticks_areNiceStepsCoveringTheRange() {
        assertArrayEquals(new double[] {0.2, 0.4, 0.6, 0.8, 1.0}, SvgChart.ticks(new double[] {0.23, 0.97}), 1e-9);
        assertEquals(5e-4, SvgChart.niceStep(4.1e-4), 1e-15);
        assertEquals(2, SvgChart.niceStep(1.3), 1e-12);
        assertEquals(10, SvgChart.niceStep(7), 1e-12);
    }

    private static int count(String text, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
