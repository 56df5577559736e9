package dev.graft.datasets.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.datasets.DatasetException;
import dev.graft.datasets.ImageDataset;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile NPZ archives (shapes that wrap around, entries that declare more than they hold,
 * truncated data, absurd labels) are refused with a one-line {@link DatasetException} naming the
 * file and the array, before any memory is set aside for what they declare.
 */
@Tag("small-heap")
class NpzHostileTest {

    @BeforeAll
    static void runsUnderASmallHeap() {
        // The surefire execution "small-heap" runs this class with -Xmx512m (like model-zoo's SmallHeap).
        long max = Runtime.getRuntime().maxMemory();
        assertTrue(max <= 600L << 20, "run under -Xmx512m (tag small-heap); the heap may grow to " + (max >> 20) + " MiB");
    }


    @TempDir
    Path dir;

    /** A version 1 (or 2) {@code .npy}: magic, version, header length, padded header, data. */
    private static byte[] npy(int version, String descr, String shape, byte[] data) {
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shape + "), }";
        int lengthBytes = version == 1 ? 2 : 4;
        int unpadded = 8 + lengthBytes + header.length() + 1;
        String padded = header + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        ByteBuffer length = ByteBuffer.allocate(lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        if (version == 1) {
            length.putShort((short) padded.length());
        } else {
            length.putInt(padded.length());
        }
        out.writeBytes(length.array());
        out.writeBytes(padded.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static byte[] npy(String descr, String shape, byte[] data) {
        return npy(1, descr, shape, data);
    }

    private Path npz(String name, Map<String, byte[]> entries) throws Exception {
        Path file = dir.resolve(name);
        try (OutputStream os = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    private Path medmnist(String name, byte[] images, byte[] labels) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("train_images", images);
        entries.put("train_labels", labels);
        return npz(name, entries);
    }

    private static byte[] goodImages() {
        return npy("|u1", "2L, 2L, 2L", new byte[] {0, 1, 2, 3, 4, 5, 6, 7});
    }

    private static DatasetException refused(Path file, String... fragments) {
        DatasetException e = assertThrows(DatasetException.class, () -> new NpzReader().read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' not in: " + e.getMessage());
        }
        return e;
    }

    @Test
    void read_python2ShapesWithL_areRead() throws Exception {
        Map<String, ImageDataset> splits = new NpzReader().read(medmnist("ok.npz", goodImages(), npy("|u1", "2L,", new byte[] {0, 1})));
        assertEquals(2, splits.get("train").size());
        assertEquals(List.of("0", "1"), splits.get("train").classNames());
    }

    @Test
    void read_shapeThatWrapsAround_isRefused() throws Exception {
        refused(medmnist("wrap.npz", npy("|u1", "4294967296, 4294967296, 1", new byte[0]), npy("|u1", "0,", new byte[0])),
                "train_images.npy", "more elements than any file holds");
        refused(medmnist("negative.npz", npy("|u1", "-1, 2, 2", new byte[0]), npy("|u1", "0,", new byte[0])),
                "train_images.npy", "negative dimension");
        refused(medmnist("text.npz", npy("|u1", "2x, 2, 2", new byte[0]), npy("|u1", "0,", new byte[0])),
                "train_images.npy", "'2x', not a whole number");
    }

    @Test
    void read_entryDeclaringMoreThanItHolds_isRefusedBeforeAllocating() throws Exception {
        refused(medmnist("bomb.npz", npy("|u1", "1000000, 100, 100", new byte[8]), npy("|u1", "1000000,", new byte[0])),
                "train_images.npy", "declares 10,000,000,000 bytes but its entry holds at most");
        byte[] longHeader = npy(2, "|u1", "2, 2, 2", new byte[8]);
        ByteBuffer.wrap(longHeader).order(ByteOrder.LITTLE_ENDIAN).putInt(8, Integer.MAX_VALUE);
        refused(medmnist("header.npz", longHeader, npy("|u1", "2,", new byte[2])), "train_images.npy", "header of 2147483647 bytes");
    }

    @Test
    void read_truncatedArray_isRefused() throws Exception {
        refused(medmnist("cut.npz", npy("|u1", "2, 2, 2", new byte[4]), npy("|u1", "2,", new byte[2])),
                "train_images.npy", "declares 8 bytes but its entry holds at most");
    }

    @Test
    void read_absurdOrNegativeOrFractionalLabels_areRefusedNamingTheRow() throws Exception {
        byte[] huge = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(2_147_483_646).array();
        refused(medmnist("labels.npz", goodImages(), npy("<i4", "2,", huge)), "train_labels[1] is 2147483646", "0 to 99999");
        byte[] negative = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-1).putInt(0).array();
        refused(medmnist("negative-label.npz", goodImages(), npy("<i4", "2,", negative)), "train_labels[0] is -1");
        byte[] half = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.5f).putFloat(0).array();
        refused(medmnist("half.npz", goodImages(), npy("<f4", "2,", half)), "train_labels[0] is 0.5");
    }
}
