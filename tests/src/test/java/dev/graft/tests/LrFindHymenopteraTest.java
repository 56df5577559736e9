package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** graft lr-find on ants vs bees with the shared ImageNet MobileNetV2 weights, trunk frozen (cached features), small images. */
class LrFindHymenopteraTest {

    private static final Pattern SUGGESTION = Pattern.compile(
            "suggested lr=(\\d\\.\\de[-+]\\d\\d) \\(between valley and minimum/10\\); valley (\\S+); steepest descent (\\S+); minimum/10 (\\S+)");

    @Test
    void frozenTrunk_lossFallsThenRises_suggestionWithinRange_printedLastWithThePlotAndFiles(@TempDir Path out) throws Exception {
        Path data = SharedAssets.require("datasets/hymenoptera");
        Path weights = SharedAssets.require("weights/mobilenet_v2/weights.safetensors");
        GraftCli.Result r = GraftCli.run("lr-find", "--data", data.toString(), "--arch", "mobilenet_v2", "--weights", weights.toString(),
                "--freeze", "all", "--image-size", "64", "--out", out.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        Matcher m = SUGGESTION.matcher(lines.get(lines.size() - 1));
        assertTrue(m.matches(), r.out());
        double suggested = Double.parseDouble(m.group(1));
        assertTrue(suggested >= 1e-5 && suggested <= 1, "suggested " + suggested);
        double valley = Double.parseDouble(m.group(2));
        double minimumTenth = Double.parseDouble(m.group(4));
        assertEquals(Math.sqrt(valley * minimumTenth), suggested, 0.06 * suggested, "the geometric mean of valley and minimum/10");
        assertTrue(r.out().contains("<- suggested (between valley and minimum/10)"), r.out());

        List<double[]> curve = Files.readAllLines(out.resolve("lr_find.csv")).stream().skip(1)
                .map(l -> java.util.Arrays.stream(l.split(",")).mapToDouble(Double::parseDouble).toArray()).toList();
        int lowest = 0;
        for (int i = 0; i < curve.size(); i++) {
            lowest = curve.get(i)[3] < curve.get(lowest)[3] ? i : lowest;
        }
        double first = curve.get(0)[3];
        double min = curve.get(lowest)[3];
        double last = curve.get(curve.size() - 1)[3];
        assertTrue(min < 0.8 * first, "the smoothed loss falls: " + first + " -> " + min);
        assertTrue(last > 2 * min, "then rises: " + min + " -> " + last);
        assertTrue(suggested < curve.get(lowest)[1], "the suggestion lies before the minimum at " + curve.get(lowest)[1]);
        assertTrue(Files.readString(out.resolve("lr_find.svg")).contains("suggested"));
    }

    @Test
    void oneCycleWithWarmup_isAUsageErrorInOneLine(@TempDir Path out) {
        GraftCli.Result r = GraftCli.run("finetune", "--data", out.toString(), "--arch", "resnet18", "--out", out.resolve("run").toString(),
                "--schedule", "onecycle", "--warmup", "1");
        assertEquals(2, r.exitCode(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("warmup does not apply to schedule onecycle"), r.err());
    }
}
