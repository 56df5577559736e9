package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded demo runs offline without ../shared and shows transfer helping. */
class DemoTest {

    @Test
    void demo_fineTunedBeatsScratchOnTheTargetTestSet(@TempDir Path out) {
        GraftCli.Result result = GraftCli.run("demo", "--out", out.toString());
        assertEquals(0, result.exitCode(), result.err());
        Matcher m = Pattern.compile("fine-tuned vs scratch on the target test set: ([0-9.]+) vs ([0-9.]+)").matcher(result.out());
        assertTrue(m.find(), result.out());
        double fineTuned = Double.parseDouble(m.group(1));
        double scratch = Double.parseDouble(m.group(2));
        assertTrue(fineTuned > scratch + 0.05, result.out());
        assertTrue(fineTuned > 0.75, result.out());
    }
}
