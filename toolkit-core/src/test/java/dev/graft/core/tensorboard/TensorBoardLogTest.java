package dev.graft.core.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.metric.ClassificationMetrics;
import dev.graft.core.metric.ClassificationReport;
import dev.graft.core.train.EpochResult;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorBoardLogTest {

    @Test
    void crc32c_ofTheCheckString_isTheStandardValue() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xE3069283, EventFileReader.crc32c(check, 0, check.length));
    }

    @Test
    void eventFile_decodedWithChecksums_holdsTheScalarsOfEveryEpochAndTheImages(@TempDir Path run) throws Exception {
        List<String> classes = List.of("ants", "bees");
        ClassificationReport report = ClassificationMetrics.compute(classes, new int[] {0, 1, 1}, new float[][] {{0.8f, 0.2f}, {0.4f, 0.6f},
            {0.7f, 0.3f}}, new float[] {1, 1});
        TensorBoardLog log = new TensorBoardLog(run);
        int epochs = 4;
        for (int e = 1; e <= epochs; e++) {
            log.onEpoch(new EpochResult(e, 1.0 / e, 0.5 + e / 10.0, report, 1e-3 / e, 100 + e, 2.5, 10), e == 2);
        }
        BufferedImage picture = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB);
        log.evaluation(2, report, Map.of("val/confusion_matrix", picture));

        List<Path> files;
        try (var list = Files.list(run.resolve("tensorboard"))) {
            files = list.toList();
        }
        assertEquals(1, files.size());
        assertTrue(files.get(0).getFileName().toString().startsWith("events.out.tfevents."));
        List<EventFileReader.Event> events = EventFileReader.read(files.get(0));
        assertEquals("brain.Event:2", events.get(0).fileVersion());

        Map<String, Float> byTagAndStep = new HashMap<>();
        for (EventFileReader.Event event : events.subList(1, events.size())) {
            for (EventFileReader.Value v : event.values()) {
                byTagAndStep.put(v.tag() + "@" + event.step(), v.simpleValue());
            }
        }
        for (int e = 1; e <= epochs; e++) {
            assertEquals((float) (1.0 / e), byTagAndStep.get("train/loss@" + e), "train/loss of epoch " + e);
            assertEquals((float) (0.5 + e / 10.0), byTagAndStep.get("train/accuracy@" + e));
            assertEquals((float) report.accuracy(), byTagAndStep.get("val/accuracy@" + e));
            assertEquals((float) report.logLoss(), byTagAndStep.get("val/loss@" + e));
            assertEquals((float) (1e-3 / e), byTagAndStep.get("learning_rate@" + e));
        }
        assertEquals((float) report.auc(), byTagAndStep.get("test/auc@2"));
        EventFileReader.Value image = events.stream().flatMap(ev -> ev.values().stream()).filter(v -> v.image() != null).findFirst()
                .orElseThrow();
        assertEquals("val/confusion_matrix", image.tag());
        assertEquals(20, image.width());
        assertEquals(10, image.height());
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(image.image(), 4));
    }

    @Test
    void reader_refusesAFlippedByte(@TempDir Path run) throws Exception {
        new TensorBoardLog(run).onEpoch(new EpochResult(1, 0.5, 0.5, null, 1e-3, 1, 1, 0), true);
        Path file;
        try (var list = Files.list(run.resolve("tensorboard"))) {
            file = list.findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 10] ^= 1;
        Files.write(file, bytes);
        assertThrows(IOException.class, () -> EventFileReader.read(file));
    }
}
