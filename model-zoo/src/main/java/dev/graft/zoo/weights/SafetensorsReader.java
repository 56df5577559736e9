package dev.graft.zoo.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the safetensors format (what Hugging Face and timm publish): an 8-byte little-endian
 * header length, a JSON header of {@code name → {dtype, shape, data_offsets}}, then raw data.
 * Floating-point and integer dtypes are converted to float32.
 */
public final class SafetensorsReader implements WeightFormat {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public List<String> extensions() {
        return List.of(".safetensors");
    }

    /**
     * Reads a file.
     *
     * @param file the {@code .safetensors} file
     * @return its tensors, in header order
     * @throws WeightImportException if the file is malformed; the message names the file
     */
    @Override
    public StateDict read(Path file) throws WeightImportException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new WeightImportException(file + ": cannot read: " + e.getMessage(), e);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 8) {
            throw new WeightImportException(file + ": too short to be a safetensors file.");
        }
        long headerLength = buffer.getLong(0);
        if (headerLength <= 0 || headerLength > bytes.length - 8) {
            throw new WeightImportException(
                    file + ": not a safetensors file (header length " + headerLength + ").");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new WeightImportException(file + ": unreadable safetensors header: " + e.getMessage(), e);
        }
        int dataStart = 8 + (int) headerLength;
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if ("__metadata__".equals(entry.getKey())) {
                continue;
            }
            JsonNode info = entry.getValue();
            String dtype = info.path("dtype").asText();
            long[] shape = new long[info.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = info.path("shape").get(i).asLong();
            }
            long begin = info.path("data_offsets").path(0).asLong(-1);
            long end = info.path("data_offsets").path(1).asLong(-1);
            if (begin < 0 || end < begin || dataStart + end > bytes.length) {
                throw new WeightImportException(
                        file + ": tensor " + entry.getKey() + " has data offsets outside the file.");
            }
            ByteBuffer data =
                    ByteBuffer.wrap(bytes, dataStart + (int) begin, (int) (end - begin))
                            .slice()
                            .order(ByteOrder.LITTLE_ENDIAN);
            try {
                tensors.put(entry.getKey(), new TensorData(shape, RawTensors.toFloats(data, dtype)));
            } catch (IllegalArgumentException e) {
                throw new WeightImportException(file + ": tensor " + entry.getKey() + ": " + e.getMessage(), e);
            }
        }
        return new StateDict(file.toString(), tensors, true);
    }
}
