package dev.graft.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and huge safetensors files: duplicate names, overlapping or outside offsets, sizes that
 * do not match dtype and shape, and files over 2 GiB (sparse files made here), which are read by
 * memory mapping, or refused by tensor name when a tensor cannot fit in the heap, never with an
 * OutOfMemoryError.
 */
@Tag("small-heap")
class SafetensorsHostileTest {

    @BeforeAll
    static void runsUnderASmallHeap() {
        SmallHeap.assertActive();
    }


    @TempDir
    Path dir;

    /** Writes a header (padded to 8 bytes) and then {@code data}, or a sparse file of {@code length} bytes in all. */
    private Path file(String name, String header, byte[] data, long length) throws Exception {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        int padded = json.length + (8 - json.length % 8) % 8;
        Path file = dir.resolve(name);
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(json);
            out.write(" ".repeat(padded - json.length).getBytes(StandardCharsets.US_ASCII));
            out.write(data);
            if (length > 0) {
                out.setLength(length);
            }
        }
        return file;
    }

    private Path file(String name, String header, byte[] data) throws Exception {
        return file(name, header, data, 0);
    }

    private static WeightImportException refused(Path file, String... fragments) {
        return Refusals.assertRefused(WeightImportException.class, file, () -> new SafetensorsReader().read(file), fragments);
    }

    @Test
    void read_writtenFile_roundTripsWithSortedMetadata() throws Exception {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put("fc.weight", new TensorData(new long[] {2, 2}, new float[] {1, 2, 3, 4}));
        tensors.put("fc.bias", new TensorData(new long[] {2}, new float[] {5, 6}));
        Path a = dir.resolve("a.safetensors");
        SafetensorsWriter.write(a, tensors, Map.of("z", "1", "a", "2", "m", "3"));
        StateDict read = new SafetensorsReader().read(a);
        assertArrayEquals(new float[] {1, 2, 3, 4}, read.tensors().get("fc.weight").values());
        assertArrayEquals(new float[] {5, 6}, read.tensors().get("fc.bias").values());
        String header = Files.readString(a, StandardCharsets.ISO_8859_1);
        assertTrue(header.indexOf("\"a\"") < header.indexOf("\"m\"") && header.indexOf("\"m\"") < header.indexOf("\"z\""), header);
    }

    @Test
    void read_duplicateName_isRefusedNamingIt() throws Exception {
        refused(file("dup.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]), "'w'", "appears twice");
    }

    @Test
    void read_overlappingOffsets_areRefusedNamingBothTensors() throws Exception {
        refused(file("overlap.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}", new byte[24]), "tensors a [0, 16] and b [8, 24]",
                "share bytes");
    }

    @Test
    void read_bytesThatAreNotAWholeNumberOfTheDtype_areNamedPerTensor() throws Exception {
        refused(file("seven.safetensors", "{\"ok\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,11]}}", new byte[11]), "tensor w", "span 7 bytes",
                "not a whole number of F32");
    }

    @Test
    void read_badShapesDtypesAndOffsets_areNamedPerTensor() throws Exception {
        refused(file("negative.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1,4],\"data_offsets\":[0,16]}}", new byte[16]),
                "tensor w", "shape [-1,4]");
        refused(file("wrapping.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}",
                new byte[0]), "tensor w", "more elements than any file holds");
        refused(file("dtype.safetensors", "{\"w\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]),
                "tensor w", "unsupported dtype Q4");
        refused(file("outside.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[8]),
                "tensor w", "outside the 8 data bytes");
        refused(file("header.safetensors", "{\"w\":", new byte[0], 0), "unreadable safetensors header");
        refused(file("nested.safetensors", "{\"w\":" + "[".repeat(100_000), new byte[0], 0), "unreadable safetensors header");
        Path absurd = Files.write(dir.resolve("absurd.safetensors"),
                ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE).array());
        refused(absurd, "header length");
    }

    @Test
    void read_fileOver2GiB_isMemoryMappedAndRead() throws Exception {
        long tail = 2_300_000_000L;
        byte[] head = PickleWriter.floats(1, 2);
        Path file = file("big.safetensors", "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"head\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"tail\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[" + tail + "," + (tail + 12) + "]}}", head, 0);
        long dataStart;
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] length = new byte[8];
            out.readFully(length);
            dataStart = 8 + ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong();
            out.seek(dataStart + tail);
            out.write(PickleWriter.floats(7, 8, 9));
        }
        assertTrue(Files.size(file) > (1L << 31));
        StateDict read = new SafetensorsReader().read(file);
        assertArrayEquals(new float[] {1, 2}, read.tensors().get("head").values());
        assertArrayEquals(new float[] {7, 8, 9}, read.tensors().get("tail").values());
        assertEquals(2, read.tensors().size());
    }

    @Test
    void read_tensorLargerThanTheHeap_isRefusedByNameWithoutOutOfMemory() throws Exception {
        long elements = Math.max(600_000_000L, Runtime.getRuntime().maxMemory() / 4 + 1);
        long bytes = 4 * elements;
        Path file = file("huge.safetensors", "{\"small\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"huge\":{\"dtype\":\"F32\",\"shape\":[" + elements + "],\"data_offsets\":[4," + (4 + bytes) + "]}}", new byte[4], 0);
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(out.length() + bytes);
        }
        assertTrue(Files.size(file) > (1L << 31));
        refused(file, "tensor huge (F32 [" + elements + "])");
    }
}
