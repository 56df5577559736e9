package dev.graft.zoo.weights;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.datasets.io.HeapBudget;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the safetensors format (what Hugging Face and timm publish): an 8-byte little-endian
 * header length, a JSON header of {@code name → {dtype, shape, data_offsets}}, then raw data.
 * Floating-point and integer dtypes are converted to float32.
 *
 * <p>The data is memory-mapped, a chunk at a time, never read whole, so files over 2 GiB (real
 * checkpoints) are read, and a tensor is only given heap once the header is checked: names
 * appear once; each tensor's shape is non-negative and its dtype and shape account for exactly
 * the bytes its offsets span; offsets lie inside the file and no two tensors overlap. A tensor
 * the heap cannot hold is refused by name.
 */
public final class SafetensorsReader implements WeightFormat {

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** The reference implementation refuses headers over 100 MB. */
    private static final long MAX_HEADER = 100_000_000;

    /** Bytes mapped and converted at a time (a multiple of every item size). */
    private static final long CHUNK = 1L << 30;

    /** One tensor as the header describes it, checked. */
    private record Entry(String name, String dtype, long[] shape, long count, long begin, long end) {}

    @Override
    public List<String> extensions() {
        return List.of(".safetensors");
    }

    /**
     * Reads a file.
     *
     * @param file the {@code .safetensors} file
     * @return its tensors, in header order
     * @throws WeightImportException if the file is malformed or a tensor does not fit in the heap;
     *     the message names the file and the tensor
     */
    @Override
    public StateDict read(Path file) throws WeightImportException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw new WeightImportException(file + ": too short to be a safetensors file.");
            }
            long headerLength = readFully(channel, 0, 8).getLong(0);
            if (headerLength <= 0 || headerLength > size - 8 || headerLength > MAX_HEADER) {
                throw new WeightImportException(file + ": not a safetensors file (header length " + headerLength + " in a file of "
                        + size + " bytes).");
            }
            JsonNode header;
            try {
                header = JSON.readTree(readFully(channel, 8, (int) headerLength).array());
            } catch (JsonProcessingException e) {
                throw new WeightImportException(file + ": unreadable safetensors header: " + e.getOriginalMessage()
                        + (e.getOriginalMessage().startsWith("Duplicate field") ? " (a tensor name appears twice)" : "")
                        + "; the file is corrupt or crafted.", e);
            }
            if (header == null || !header.isObject()) {
                throw new WeightImportException(file + ": the safetensors header is not a JSON object; the file is corrupt.");
            }
            long dataStart = 8 + headerLength;
            List<Entry> entries = entries(header, size - dataStart, file);
            checkOverlaps(entries, file);
            Map<String, TensorData> tensors = new LinkedHashMap<>();
            for (Entry entry : entries) {
                tensors.put(entry.name(), new TensorData(entry.shape(), values(channel, dataStart, entry, file)));
            }
            return new StateDict(file.toString(), tensors, true);
        } catch (IOException e) {
            throw new WeightImportException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static List<Entry> entries(JsonNode header, long dataSize, Path file) throws WeightImportException {
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if ("__metadata__".equals(field.getKey())) {
                continue;
            }
            String where = file + ": tensor " + field.getKey();
            JsonNode info = field.getValue();
            String dtype = info.path("dtype").asText();
            JsonNode shapeNode = info.path("shape");
            JsonNode offsets = info.path("data_offsets");
            if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
                throw new WeightImportException(where + " lacks a shape or a pair of data_offsets; the file is corrupt.");
            }
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = whole(shapeNode.get(i), where + " has shape " + shapeNode);
            }
            long begin = whole(offsets.get(0), where + " has data_offsets " + offsets);
            long end = whole(offsets.get(1), where + " has data_offsets " + offsets);
            long count;
            long bytes;
            try {
                int itemSize = RawTensors.itemSize(dtype);
                count = 1;
                for (long d : shape) {
                    count = Math.multiplyExact(count, d);
                }
                bytes = Math.multiplyExact(count, itemSize);
            } catch (IllegalArgumentException e) {
                throw new WeightImportException(where + ": " + e.getMessage() + ".", e);
            } catch (ArithmeticException e) {
                throw new WeightImportException(where + " has shape " + shapeNode + ", more elements than any file holds;"
                        + " the file is corrupt or crafted.", e);
            }
            if (end < begin || end > dataSize) {
                throw new WeightImportException(String.format(Locale.ROOT, "%s has data offsets [%d, %d] outside the %,d data bytes"
                        + " of the file; the file is truncated or corrupt.", where, begin, end, dataSize));
            }
            if (end - begin != bytes) {
                String whole = (end - begin) % RawTensors.itemSize(dtype) == 0 ? "" : ", not a whole number of " + dtype;
                throw new WeightImportException(String.format(Locale.ROOT, "%s is %s %s (%,d bytes) but its data_offsets span %,d"
                        + " bytes%s; the file is corrupt.", where, dtype, shapeNode, bytes, end - begin, whole));
            }
            entries.add(new Entry(field.getKey(), dtype, shape, count, begin, end));
        }
        return entries;
    }

    /** Reads a non-negative whole number from the header. */
    private static long whole(JsonNode node, String where) throws WeightImportException {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0) {
            throw new WeightImportException(where + "; shapes and offsets are whole numbers >= 0. The file is corrupt.");
        }
        return node.asLong();
    }

    private static void checkOverlaps(List<Entry> entries, Path file) throws WeightImportException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.removeIf(e -> e.begin() == e.end());
        sorted.sort(Comparator.comparingLong(Entry::begin));
        for (int i = 1; i < sorted.size(); i++) {
            Entry before = sorted.get(i - 1);
            Entry after = sorted.get(i);
            if (after.begin() < before.end()) {
                throw new WeightImportException(String.format(Locale.ROOT, "%s: tensors %s [%d, %d] and %s [%d, %d] share bytes;"
                        + " each tensor needs its own data. The file is corrupt or crafted.", file, before.name(), before.begin(),
                        before.end(), after.name(), after.begin(), after.end()));
            }
        }
    }

    /** Maps a tensor's bytes a chunk at a time and converts them into one float array. */
    private static float[] values(FileChannel channel, long dataStart, Entry entry, Path file) throws IOException, WeightImportException {
        float[] out;
        try {
            out = HeapBudget.floats(entry.count(), file + ": tensor " + entry.name() + " (" + entry.dtype() + " "
                    + Arrays.toString(entry.shape()) + ")");
        } catch (IOException e) {
            throw new WeightImportException(e.getMessage(), e);
        }
        int itemSize = RawTensors.itemSize(entry.dtype());
        int at = 0;
        for (long position = entry.begin(); position < entry.end(); position += CHUNK) {
            long length = Math.min(CHUNK, entry.end() - position);
            ByteBuffer chunk = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + position, length);
            RawTensors.toFloats(chunk, entry.dtype(), out, at);
            at += (int) (length / itemSize);
        }
        return out;
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("the file ended early");
            }
        }
        return buffer.flip();
    }
}
