package dev.graft.zoo.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.zoo.weights.WeightImportException;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a Keras 2 / tf.keras / Keras 1 {@code .h5} with jhdf (pure Java): a full model (root
 * attributes {@code model_config}, {@code keras_version}, {@code backend}; weights in group {@code
 * model_weights}) or a weights-only {@code save_weights} file ({@code layer_names} on the root). It
 * follows the file's own {@code layer_names} and each layer group's {@code weight_names}, never an
 * assumed path, and casts float64 data to float32.
 *
 * <p>Names: each weight is keyed by the layer group it is stored under, with its short name taken
 * from the last segment of its weight name ({@code conv1_1/kernel:0} in group {@code conv1} is
 * {@code conv1}'s {@code kernel}). A layer group that is a nested model ({@code Model}, {@code
 * Functional} or {@code Sequential} in the config; without a config, a group whose weight names
 * name another layer than the group) holds its inner layers' weights as {@code inner/kernel:0}:
 * those are keyed by the inner layer's name (see {@link KerasLayerKeys}). Keras 1 names ({@code
 * conv1_W:0}) map to Keras 2 short names by {@link KerasWeightNames#keras1}, and Keras 1's
 * BatchNormalization {@code running_std} becomes {@code moving_variance} (see {@link
 * KerasWeightNames#RUNNING_STD_HOLDS_VARIANCE_SINCE}).
 */
public final class KerasH5Reader {

    /** The largest tensor read, in values. */
    static final long MAX_VALUES = Integer.MAX_VALUE - 16;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NESTED = Pattern.compile("Model|Functional|Sequential");

    private KerasH5Reader() {}

    /**
     * Reads a Keras {@code .h5} file.
     *
     * @param file the file
     * @return its config (null for weights-only files) and weights; {@code format} is {@code "h5"}
     *     or {@code "h5-weights"}
     * @throws WeightImportException if the file is not a Keras HDF5 file or a tensor is unreadable
     */
    public static KerasModelFile read(Path file) throws WeightImportException {
        try (HdfFile hdf = new HdfFile(file)) {
            JsonNode config = null;
            String configText = stringAttribute(hdf, "model_config");
            if (configText != null) {
                try {
                    config = JSON.readTree(configText);
                } catch (IOException e) {
                    throw new WeightImportException(file + ": attribute model_config is not JSON (" + KerasFiles.firstLine(e) + ").", e);
                }
            }
            Group weights = hdf;
            if (strings(hdf, "layer_names") == null && hdf.getChild("model_weights") instanceof Group group) {
                weights = group;
            }
            List<String> layerNames = strings(weights, "layer_names");
            if (layerNames == null) {
                throw new WeightImportException(file + ": no layer_names attribute on the root or on model_weights; this is not a Keras"
                        + " model or save_weights file.");
            }
            String version = stringAttribute(hdf, "keras_version");
            if (version == null) {
                version = stringAttribute(weights, "keras_version");
            }
            if (version == null && config != null && config.path("keras_version").isTextual()) {
                version = config.get("keras_version").asText();
            }
            Map<String, JsonNode> layerConfigs = KerasConfigs.layersByName(config);
            KerasLayerKeys keys = new KerasLayerKeys();
            for (String layerName : layerNames) {
                Node node = weights.getChild(layerName);
                if (!(node instanceof Group layer)) {
                    throw new WeightImportException(file + ": layer_names lists " + layerName + " but there is no group of that name.");
                }
                List<String> weightNames = strings(layer, "weight_names");
                JsonNode layerConfig = layerConfigs.get(layerName);
                for (String weightName : weightNames == null ? List.<String>of() : weightNames) {
                    KerasWeight weight = readWeight(file, layer, layerName, weightName, layerConfig, version);
                    keys.add(layerPath(layerName, weightName, layerConfig, config != null), weight);
                }
            }
            return new KerasModelFile(file, config == null ? "h5-weights" : "h5", version, config, keys.result());
        } catch (WeightImportException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new WeightImportException(file + ": not a readable HDF5 file (" + e.getClass().getSimpleName() + ": "
                    + KerasFiles.firstLine(e) + "); pass a Keras .h5 file.", e);
        }
    }

    /** The layer a weight belongs to: the group itself, or {@code group/inner} for a nested model's layer. */
    private static String layerPath(String layerName, String weightName, JsonNode layerConfig, boolean hasConfig) {
        String name = KerasWeightNames.stripSuffix(weightName);
        int slash = name.lastIndexOf('/');
        if (slash < 0) {
            return layerName;
        }
        String prefix = name.substring(0, slash);
        String inner = prefix.substring(prefix.lastIndexOf('/') + 1);
        boolean nested = hasConfig && layerConfig != null
                ? NESTED.matcher(layerConfig.path("class_name").asText()).matches()
                : !KerasWeightNames.sameLayer(layerName, inner);
        return nested ? layerName + "/" + inner : layerName;
    }

    private static KerasWeight readWeight(Path file, Group layer, String layerName, String weightName, JsonNode layerConfig,
            String version) throws WeightImportException {
        Node node;
        try {
            node = layer.getByPath(weightName);
        } catch (RuntimeException e) {
            node = null;
        }
        String where = layer.getPath() + weightName;
        if (!(node instanceof Dataset dataset)) {
            throw new WeightImportException(file + ": tensor " + where + " is listed in weight_names but missing.");
        }
        long[] shape = shape(file, where, dataset);
        float[] values = floats(file, where, dataset);
        String shortName = KerasWeightNames.stripSuffix(weightName);
        shortName = shortName.substring(shortName.lastIndexOf('/') + 1);
        if (KerasWeightNames.stripSuffix(weightName).indexOf('/') < 0) {
            String keras1 = KerasWeightNames.keras1(layerName, shortName);
            if (keras1.equals("moving_variance") && shortName.endsWith("running_std")) {
                values = KerasWeightNames.runningStdToVariance(values, version, layerConfig);
            }
            shortName = keras1;
        }
        return new KerasWeight(shortName, where, shape, values);
    }

    /**
     * A dataset's shape, refused if it has more values than a Java array holds.
     *
     * @param file the file, for messages
     * @param where the dataset's path, for messages
     * @param dataset the dataset
     * @return its shape
     * @throws WeightImportException if it is too large
     */
    static long[] shape(Path file, String where, Dataset dataset) throws WeightImportException {
        int[] dims = dataset.getDimensions();
        long[] shape = new long[dims.length];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            shape[i] = dims[i];
            count *= dims[i];
            if (count > MAX_VALUES) {
                throw new WeightImportException(file + ": tensor " + where + " is too large to read.");
            }
        }
        return shape;
    }

    /**
     * A dataset's values as float32 (float64 and integer data cast).
     *
     * @param file the file, for messages
     * @param where the dataset's path, for messages
     * @param dataset the dataset
     * @return the values in C order
     * @throws WeightImportException if its type is not numeric or its size does not match its shape
     */
    static float[] floats(Path file, String where, Dataset dataset) throws WeightImportException {
        float[] values = toFloats(file, where, dataset.isScalar() ? new Object[] {dataset.getData()} : dataset.getDataFlat());
        if (values.length != Math.max(1, dataset.getSize()) && !(dataset.getSize() == 0 && values.length == 0)) {
            throw new WeightImportException(file + ": tensor " + where + " holds " + values.length + " values, not " + dataset.getSize() + ".");
        }
        return values;
    }

    private static float[] toFloats(Path file, String where, Object data) throws WeightImportException {
        if (data instanceof Object[] boxed && boxed.length == 1 && boxed[0] instanceof Number n) {
            return new float[] {n.floatValue()};
        }
        if (data instanceof float[] f) {
            return f;
        }
        if (data instanceof double[] d) {
            float[] out = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = (float) d[i];
            }
            return out;
        }
        if (data instanceof int[] n) {
            float[] out = new float[n.length];
            for (int i = 0; i < n.length; i++) {
                out[i] = n[i];
            }
            return out;
        }
        if (data instanceof long[] n) {
            float[] out = new float[n.length];
            for (int i = 0; i < n.length; i++) {
                out[i] = n[i];
            }
            return out;
        }
        throw new WeightImportException(file + ": tensor " + where + " has unsupported data type "
                + (data == null ? "null" : data.getClass().getSimpleName()) + " (supported: float16/32/64, int32/64).");
    }

    /**
     * A string attribute, or null if absent.
     *
     * @param node the node
     * @param name the attribute
     * @return its text
     */
    static String stringAttribute(Node node, String name) {
        Attribute attribute = node.getAttribute(name);
        if (attribute == null) {
            return null;
        }
        Object data = attribute.getData();
        if (data instanceof String s) {
            return s;
        }
        if (data instanceof String[] array && array.length == 1) {
            return array[0];
        }
        return data instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : null;
    }

    /**
     * A list-of-strings attribute, joining the chunks Keras writes for large lists ({@code name0},
     * {@code name1}, ...); null if absent, empty for an empty (non-string) array.
     *
     * @param node the node
     * @param name the attribute
     * @return its strings
     */
    static List<String> strings(Node node, String name) {
        if (node.getAttribute(name) != null) {
            return asStrings(node.getAttribute(name).getData());
        }
        if (node.getAttribute(name + "0") == null) {
            return null;
        }
        List<String> all = new ArrayList<>();
        for (int chunk = 0; node.getAttribute(name + chunk) != null; chunk++) {
            all.addAll(asStrings(node.getAttribute(name + chunk).getData()));
        }
        return all;
    }

    private static List<String> asStrings(Object data) {
        if (data instanceof String[] array) {
            return List.of(array);
        }
        if (data instanceof String s) {
            return List.of(s);
        }
        return List.of();
    }
}
