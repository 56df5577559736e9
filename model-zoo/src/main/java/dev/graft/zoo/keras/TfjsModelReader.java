package dev.graft.zoo.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.zoo.weights.RawTensors;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a TensorFlow.js layers model: {@code model.json} ({@code modelTopology}, which is either
 * the Keras model config itself or holds {@code model_config} and {@code keras_version}, and
 * {@code weightsManifest}) and its binary shards. Each manifest group's {@code paths} are
 * concatenated in order and its {@code weights} laid end to end in that buffer, as tfjs does.
 * Quantised weights dequantise exactly as tfjs's {@code decodeWeights}: uint8 / uint16 values
 * become {@code float32(q * scale + min)} computed in double precision, float16 values become
 * float32. Weight names are {@code layer/short} or, in nested models, {@code outer/.../layer/short}
 * (see {@link KerasLayerKeys} for the key). Shards must lie beside {@code model.json}; a path that
 * leaves that folder, a shard shorter than its manifest, and an unknown dtype are refused naming the
 * file and the tensor.
 */
public final class TfjsModelReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TfjsModelReader() {}

    /**
     * Reads a layers model.
     *
     * @param modelJson the {@code model.json}
     * @return its config and weights ({@code format} {@code "tfjs"})
     * @throws WeightImportException if the JSON, a shard or a tensor is missing, unsafe or malformed
     */
    public static KerasModelFile read(Path modelJson) throws WeightImportException {
        JsonNode root;
        try {
            root = JSON.readTree(modelJson.toFile());
        } catch (IOException e) {
            throw new WeightImportException(modelJson + ": not readable JSON (" + KerasFiles.firstLine(e) + "); pass a TF.js layers model.json.", e);
        }
        JsonNode topology = root.path("modelTopology");
        if (!topology.isObject()) {
            throw new WeightImportException(modelJson + ": no modelTopology; this is not a TF.js layers model (a graph model cannot be"
                    + " rebuilt as Keras layers).");
        }
        JsonNode config = topology.has("model_config") ? topology.get("model_config") : topology;
        if (!config.path("class_name").isTextual()) {
            throw new WeightImportException(modelJson + ": modelTopology has no model config with a class_name.");
        }
        String version = topology.path("keras_version").isTextual() ? topology.get("keras_version").asText() : null;
        KerasLayerKeys layers = new KerasLayerKeys();
        JsonNode manifest = root.path("weightsManifest");
        if (!manifest.isMissingNode() && !manifest.isArray()) {
            throw new WeightImportException(modelJson + ": weightsManifest is not a list of groups.");
        }
        for (JsonNode group : manifest) {
            readGroup(modelJson, group, layers);
        }
        return new KerasModelFile(modelJson, "tfjs", version, config, layers.result());
    }

    private static void readGroup(Path modelJson, JsonNode group, KerasLayerKeys layers) throws WeightImportException {
        List<Path> shards = new ArrayList<>();
        for (JsonNode path : group.path("paths")) {
            shards.add(shard(modelJson, path.asText()));
        }
        long available = 0;
        for (Path shard : shards) {
            try {
                available += Files.size(shard);
            } catch (IOException e) {
                throw new WeightImportException(modelJson + ": shard " + shard.getFileName() + " is missing or unreadable; put the model's"
                        + " .bin files beside model.json.", e);
            }
        }
        long needed = 0;
        List<TensorSpec> specs = new ArrayList<>();
        for (JsonNode weight : group.path("weights")) {
            TensorSpec spec = TensorSpec.of(modelJson, weight);
            needed += spec.bytes();
            if (needed > available) {
                throw new WeightImportException(String.format(Locale.ROOT, "%s: tensor %s needs bytes up to %,d but the shards %s hold %,d;"
                        + " they are truncated, download the model again.", modelJson, spec.name(), needed, names(shards), available));
            }
            specs.add(spec);
        }
        if (needed > Integer.MAX_VALUE - 16) {
            throw new WeightImportException(modelJson + ": a weight group over 2 GB is not supported; convert the model with smaller groups.");
        }
        ByteBuffer data = ByteBuffer.allocate((int) needed).order(ByteOrder.LITTLE_ENDIAN);
        for (Path shard : shards) {
            try {
                byte[] bytes = Files.readAllBytes(shard);
                data.put(bytes, 0, Math.min(bytes.length, data.remaining()));
            } catch (IOException e) {
                throw new WeightImportException(modelJson + ": cannot read shard " + shard.getFileName() + " (" + KerasFiles.firstLine(e) + ").", e);
            }
            if (!data.hasRemaining()) {
                break;
            }
        }
        if (data.hasRemaining()) {
            throw new WeightImportException(modelJson + ": the shards " + names(shards) + " changed while being read; read again.");
        }
        data.flip();
        for (TensorSpec spec : specs) {
            ByteBuffer bytes = data.slice().order(ByteOrder.LITTLE_ENDIAN);
            bytes.limit((int) spec.bytes());
            data.position(data.position() + (int) spec.bytes());
            int slash = spec.name().lastIndexOf('/');
            String layerPath = slash < 0 ? spec.name() : spec.name().substring(0, slash);
            String shortName = KerasWeightNames.stripSuffix(spec.name().substring(slash + 1));
            layers.add(layerPath, new KerasWeight(shortName, spec.name(), spec.shape(), spec.decode(bytes)));
        }
    }

    /** A shard path from the manifest, refused unless it is a plain file name or path below model.json's folder. */
    private static Path shard(Path modelJson, String name) throws WeightImportException {
        Path folder = modelJson.toAbsolutePath().getParent();
        boolean unsafe = name.isEmpty() || name.contains("\\") || name.contains(":") || name.startsWith("/");
        for (String part : name.split("/", -1)) {
            unsafe |= part.isEmpty() || part.equals(".") || part.equals("..");
        }
        if (unsafe) {
            throw new WeightImportException(modelJson + ": shard path '" + name + "' leaves the model's folder or is not a relative file"
                    + " name; refused (shards must lie beside model.json).");
        }
        Path shard = folder.resolve(name).normalize();
        if (!shard.startsWith(folder)) {
            throw new WeightImportException(modelJson + ": shard path '" + name + "' leaves the model's folder; refused.");
        }
        return shard;
    }

    private static List<String> names(List<Path> shards) {
        return shards.stream().map(p -> p.getFileName().toString()).toList();
    }

    /** One manifest entry: name, shape, stored dtype and its quantisation. */
    private record TensorSpec(String name, long[] shape, String stored, double scale, double min, long count) {

        static TensorSpec of(Path modelJson, JsonNode weight) throws WeightImportException {
            String name = weight.path("name").asText("");
            if (name.isEmpty()) {
                throw new WeightImportException(modelJson + ": a weightsManifest entry has no name.");
            }
            JsonNode dims = weight.path("shape");
            if (!dims.isArray()) {
                throw new WeightImportException(modelJson + ": tensor " + name + " has no shape.");
            }
            long[] shape = new long[dims.size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = dims.get(i).isIntegralNumber() ? dims.get(i).asLong() : -1;
                if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
                    throw new WeightImportException(modelJson + ": tensor " + name + " has an invalid shape " + dims + ".");
                }
                count *= shape[i];
                if (count > Integer.MAX_VALUE - 16) {
                    throw new WeightImportException(modelJson + ": tensor " + name + " of shape " + dims + " is too large.");
                }
            }
            String dtype = weight.path("dtype").asText("float32");
            JsonNode q = weight.path("quantization");
            if (q.isObject()) {
                String stored = q.path("dtype").asText("");
                String original = q.path("original_dtype").asText(dtype);
                if (!original.equals("float32")) {
                    throw new WeightImportException(modelJson + ": tensor " + name + " dequantises to " + original
                            + "; only float32 weights are supported.");
                }
                switch (stored) {
                    case "uint8", "uint16" -> {
                        if (!q.path("scale").isNumber() || !q.path("min").isNumber()) {
                            throw new WeightImportException(modelJson + ": tensor " + name + " is " + stored
                                    + "-quantised but its quantization has no numeric scale and min.");
                        }
                        return new TensorSpec(name, shape, stored, q.get("scale").asDouble(), q.get("min").asDouble(), count);
                    }
                    case "float16" -> {
                        return new TensorSpec(name, shape, stored, 1, 0, count);
                    }
                    default -> throw new WeightImportException(modelJson + ": tensor " + name + " has unknown quantization dtype '"
                            + stored + "' (known: uint8, uint16, float16).");
                }
            }
            if (!dtype.equals("float32") && !dtype.equals("int32")) {
                throw new WeightImportException(modelJson + ": tensor " + name + " has unsupported dtype '" + dtype
                        + "' (supported: float32, int32, or quantised uint8/uint16/float16).");
            }
            return new TensorSpec(name, shape, dtype, 1, 0, count);
        }

        long bytes() {
            return count * switch (stored) {
                case "uint8" -> 1;
                case "uint16", "float16" -> 2;
                default -> 4;
            };
        }

        float[] decode(ByteBuffer bytes) {
            switch (stored) {
                case "uint8" -> {
                    float[] out = new float[(int) count];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = (float) ((bytes.get(i) & 0xFF) * scale + min);
                    }
                    return out;
                }
                case "uint16" -> {
                    float[] out = new float[(int) count];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = (float) ((bytes.getShort(i * 2) & 0xFFFF) * scale + min);
                    }
                    return out;
                }
                case "float16" -> {
                    return RawTensors.toFloats(bytes, "F16");
                }
                case "int32" -> {
                    return RawTensors.toFloats(bytes, "I32");
                }
                default -> {
                    return RawTensors.toFloats(bytes, "F32");
                }
            }
        }
    }
}
