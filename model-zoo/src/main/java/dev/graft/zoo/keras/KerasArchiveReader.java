package dev.graft.zoo.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.datasets.io.HeapBudget;
import dev.graft.datasets.io.ZipEntries;
import dev.graft.zoo.weights.WeightImportException;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads a Keras 3 {@code .keras} archive: a zip of {@code config.json} (the model config in Keras 3
 * form, {@code {"module", "class_name", "config", "registered_name", ...}}), {@code metadata.json}
 * ({@code keras_version}) and {@code model.weights.h5}, whose layout {@link Keras3Layout} describes;
 * where a {@code vars} group records its layer's {@code name} (recent Keras 3), that name decides
 * which config layer the variables belong to.
 * Entries are read without trusting their declared sizes ({@link ZipEntries}); archives with
 * {@code model.weights.npz} or sharded weights are refused with the way out (save with the default
 * h5 weights).
 */
public final class KerasArchiveReader {

    /** Largest {@code config.json} / {@code metadata.json} read. */
    static final int MAX_JSON_BYTES = 64 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private KerasArchiveReader() {}

    /**
     * Reads a {@code .keras} archive.
     *
     * @param file the archive
     * @return its config and weights ({@code format} {@code "keras"})
     * @throws WeightImportException if the archive, an entry or a tensor is missing or malformed
     */
    public static KerasModelFile read(Path file) throws WeightImportException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            JsonNode config = json(file, zip, "config.json", true);
            JsonNode metadata = json(file, zip, "metadata.json", false);
            String version = metadata != null && metadata.path("keras_version").isTextual() ? metadata.get("keras_version").asText() : null;
            if (zip.getEntry("model.weights.h5") == null) {
                String found = zip.getEntry("model.weights.npz") != null ? "model.weights.npz (npz weights)"
                        : zip.getEntry("model.weights.json") != null ? "model.weights.json (sharded weights)" : "no weights";
                throw new WeightImportException(file + ": has " + found + ", not model.weights.h5; save the model with Keras's default"
                        + " model.save(\"x.keras\").");
            }
            byte[] h5 = entry(file, zip, "model.weights.h5", HeapBudget.MAX_ARRAY);
            KerasLayerKeys keys = new KerasLayerKeys();
            try (HdfFile hdf = HdfFile.fromBytes(h5)) {
                Map<String, Keras3Layout.Entry> leaves = Keras3Layout.leaves(config);
                Map<String, String> pathOfName = new java.util.HashMap<>();
                leaves.forEach((layerPath, entry) -> pathOfName.putIfAbsent(entry.name(), layerPath));
                for (Map.Entry<String, Keras3Layout.Entry> leaf : leaves.entrySet()) {
                    String layerPath = leaf.getKey();
                    Keras3Layout.Entry entry = leaf.getValue();
                    // Keras 3.x since 2025 records each layer's name on its vars group: where it does, it decides.
                    Node vars = find(hdf, entry.path() + "/vars");
                    String recorded = vars == null ? null : KerasH5Reader.stringAttribute(vars, "name");
                    if (recorded != null && !recorded.equals(entry.name()) && pathOfName.containsKey(recorded)) {
                        layerPath = pathOfName.get(recorded);
                        entry = new Keras3Layout.Entry(entry.path(), leaves.get(layerPath).layer());
                    }
                    readLayer(file, hdf, layerPath, entry, keys);
                }
            } catch (RuntimeException e) {
                throw new WeightImportException(file + ": model.weights.h5 is not a readable HDF5 file (" + KerasFiles.firstLine(e) + ").", e);
            }
            return new KerasModelFile(file, "keras", version, config, keys.result());
        } catch (IOException e) {
            throw new WeightImportException(file + ": not a readable .keras archive (" + KerasFiles.firstLine(e) + ").", e);
        }
    }

    private static void readLayer(Path file, HdfFile hdf, String layerPath, Keras3Layout.Entry entry, KerasLayerKeys keys)
            throws WeightImportException {
        Node vars = find(hdf, entry.path() + "/vars");
        if (!(vars instanceof Group group) || group.getChildren().isEmpty()) {
            return;
        }
        int count = group.getChildren().size();
        List<String> names = Keras3Layout.variableNames(entry.layer(), count);
        if (names == null) {
            throw new WeightImportException(file + ": layer " + entry.name() + " (" + entry.className() + ") has " + count
                    + " variables under " + entry.path() + "/vars, which its class and config do not explain; the archive does not"
                    + " match its config.json.");
        }
        for (int i = 0; i < count; i++) {
            String where = entry.path() + "/vars/" + i;
            if (!(group.getChild(Integer.toString(i)) instanceof Dataset dataset)) {
                throw new WeightImportException(file + ": tensor " + where + " is missing.");
            }
            keys.add(layerPath, new KerasWeight(names.get(i), where, KerasH5Reader.shape(file, where, dataset),
                    KerasH5Reader.floats(file, where, dataset)));
        }
    }

    private static Node find(Group root, String path) {
        Node node = root;
        for (String part : path.split("/")) {
            if (!(node instanceof Group group) || group.getChild(part) == null) {
                return null;
            }
            node = group.getChild(part);
        }
        return node;
    }

    private static JsonNode json(Path file, ZipFile zip, String name, boolean required) throws IOException, WeightImportException {
        if (zip.getEntry(name) == null) {
            if (required) {
                throw new WeightImportException(file + ": no " + name + " in the archive; this is not a Keras 3 .keras file.");
            }
            return null;
        }
        byte[] bytes = entry(file, zip, name, MAX_JSON_BYTES);
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new WeightImportException(file + ": " + name + " is not JSON (" + KerasFiles.firstLine(e) + ").", e);
        }
    }

    private static byte[] entry(Path file, ZipFile zip, String name, long limit) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        String what = file + "!" + name;
        try (InputStream in = zip.getInputStream(entry)) {
            if (entry.getSize() >= 0 && entry.getSize() <= limit) {
                return ZipEntries.readExactly(in, entry.getSize(), ZipEntries.capacity(entry), what);
            }
            return ZipEntries.readAtMost(in, entry, (int) Math.min(limit, HeapBudget.MAX_ARRAY), what);
        }
    }
}
