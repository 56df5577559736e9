package dev.graft.zoo.weights;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.datasets.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes float32 tensors as a safetensors file, atomically (temporary file, then rename). Graft
 * saves models and checkpoints this way, so any safetensors reader can open them.
 */
public final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsWriter() {}

    /**
     * Writes tensors.
     *
     * @param file the destination
     * @param tensors the tensors by name, written in map order
     * @param metadata free-form string metadata for the {@code __metadata__} entry
     * @throws IOException if writing fails
     */
    public static void write(Path file, Map<String, TensorData> tensors, Map<String, String> metadata)
            throws IOException {
        ObjectNode header = JSON.createObjectNode();
        ObjectNode meta = header.putObject("__metadata__");
        new TreeMap<>(metadata).forEach(meta::put); // sorted: identical runs write identical files
        long offset = 0;
        for (Map.Entry<String, TensorData> entry : tensors.entrySet()) {
            ObjectNode info = header.putObject(entry.getKey());
            info.put("dtype", "F32");
            var shape = info.putArray("shape");
            for (long d : entry.getValue().shape()) {
                shape.add(d);
            }
            long bytes = 4L * entry.getValue().values().length;
            info.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] headerBytes = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padding = (8 - headerBytes.length % 8) % 8;
        AtomicFiles.writeWith(file, tmp -> {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
                out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length + padding).array());
                out.write(headerBytes);
                out.write(" ".repeat(padding).getBytes(StandardCharsets.US_ASCII));
                for (TensorData tensor : tensors.values()) {
                    ByteBuffer buffer = ByteBuffer.allocate(4 * tensor.values().length).order(ByteOrder.LITTLE_ENDIAN);
                    buffer.asFloatBuffer().put(tensor.values());
                    out.write(buffer.array());
                }
            }
        });
    }
}
