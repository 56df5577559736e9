package dev.graft.zoo.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A TensorFlow.js layers model in memory: the Keras functional model config ({@code
 * modelTopology}) and its float32 weights under their TensorFlow.js names ({@code
 * <layer>/<weight>}), written as {@code model.json} plus binary shards of at most {@link
 * #SHARD_BYTES} bytes, little-endian, in manifest order, as the TensorFlow.js converter writes them.
 *
 * @param modelTopology the {@code modelTopology} object
 * @param weights the weights, in manifest order
 */
public record TfjsLayersModel(ObjectNode modelTopology, List<Weight> weights) {

    /** The shard size the TensorFlow.js converter uses by default, 4 MiB. */
    public static final int SHARD_BYTES = 4 * 1024 * 1024;

    /** The model file's name. */
    public static final String MODEL_JSON = "model.json";

    /**
     * One weight of the manifest.
     *
     * @param name {@code <layer>/<weight>}, e.g. {@code layer1.0.conv1/kernel}
     * @param shape its Keras shape
     * @param values its values
     */
    public record Weight(String name, long[] shape, float[] values) {}

    /** @return the number of weight bytes */
    public long weightBytes() {
        return 4L * weights.stream().mapToLong(w -> w.values().length).sum();
    }

    /**
     * Writes {@code model.json} and the shards into a folder (which must exist), shards first.
     *
     * @param dir the folder
     * @param generatedBy who wrote it, e.g. {@code graft 0.9}
     * @param userDefinedMetadata the metadata object TensorFlow.js hands back from {@code getUserDefinedMetadata()}
     * @return the files written, {@code model.json} last
     * @throws IOException if a file cannot be written
     */
    public List<Path> write(Path dir, String generatedBy, JsonNode userDefinedMetadata) throws IOException {
        long total = weightBytes();
        int shards = (int) Math.max(1, (total + SHARD_BYTES - 1) / SHARD_BYTES);
        ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(total)).order(ByteOrder.LITTLE_ENDIAN);
        List<Path> files = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = json.createObjectNode();
        ArrayNode paths = manifest.putArray("paths");
        int offset = 0;
        for (Weight w : weights) {
            all.position(offset);
            all.asFloatBuffer().put(w.values());
            offset += 4 * w.values().length;
        }
        byte[] bytes = all.array();
        for (int s = 0; s < shards; s++) {
            String name = "group1-shard" + (s + 1) + "of" + shards + ".bin";
            int from = s * SHARD_BYTES;
            int to = (int) Math.min(total, (long) from + SHARD_BYTES);
            files.add(Files.write(dir.resolve(name), java.util.Arrays.copyOfRange(bytes, from, to)));
            paths.add(name);
        }
        ArrayNode specs = manifest.putArray("weights");
        for (Weight w : weights) {
            ObjectNode spec = specs.addObject().put("name", w.name());
            ArrayNode shape = spec.putArray("shape");
            for (long d : w.shape()) {
                shape.add(d);
            }
            spec.put("dtype", "float32");
        }
        ObjectNode model = json.createObjectNode().put("format", "layers-model").put("generatedBy", generatedBy).putNull("convertedBy");
        model.set("modelTopology", modelTopology);
        model.putArray("weightsManifest").add(manifest);
        model.set("userDefinedMetadata", userDefinedMetadata);
        files.add(Files.write(dir.resolve(MODEL_JSON), json.writeValueAsBytes(model)));
        return files;
    }
}
