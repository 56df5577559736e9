package dev.graft.zoo.keras;

import dev.graft.zoo.weights.WeightImportException;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes weights in the layout of Keras 2's {@code model.save_weights("x.h5")}: root attributes
 * {@code layer_names}, {@code backend} and {@code keras_version}; one group per layer with
 * attribute {@code weight_names} ({@code layer/kernel:0}, ...) and each weight as a dataset at that
 * path inside the group. Only layers with weights are written (Keras's own loader skips the others).
 * A layer keyed by a full path ({@code outer/inner}, see {@link KerasLayerKeys}) is written as Keras
 * writes a nested model: group {@code outer}, weight names {@code inner/kernel:0}.
 *
 * <p>Uses jhdf's writer ({@code HdfFile.write}), which writes string attributes and string arrays
 * (as fixed-length UTF-8 strings, which h5py reads back as bytes, as Keras expects of {@code
 * layer_names}). The file is written beside the target and renamed when complete.
 */
public final class KerasWeightsWriter {

    /** The Keras version written when the source says none or a Keras 1 version (names are Keras 2's). */
    public static final String DEFAULT_KERAS_VERSION = "2.2.4";

    private KerasWeightsWriter() {}

    /**
     * Writes the weights of a Keras model file as a weights-only {@code .h5}.
     *
     * @param target the {@code .h5} to write
     * @param model the weights (its config is not written)
     * @throws WeightImportException if the file cannot be written
     */
    public static void write(Path target, KerasModelFile model) throws WeightImportException {
        write(target, model.weightsByLayer(), model.kerasVersion());
    }

    /**
     * Writes weights by layer as a weights-only {@code .h5}.
     *
     * @param target the {@code .h5} to write
     * @param weightsByLayer layer key to weights
     * @param kerasVersion the version to record, or null
     * @throws WeightImportException if the file cannot be written
     */
    public static void write(Path target, Map<String, List<KerasWeight>> weightsByLayer, String kerasVersion) throws WeightImportException {
        Path dir = target.toAbsolutePath().getParent();
        Path partial = null;
        try {
            Files.createDirectories(dir);
            partial = Files.createTempFile(dir, target.getFileName().toString(), ".part");
            try (WritableHdfFile hdf = HdfFile.write(partial)) {
                writeLayers(hdf, weightsByLayer);
                hdf.putAttribute("backend", "tensorflow");
                hdf.putAttribute("keras_version", kerasVersion == null || KerasWeightNames.compareVersions(kerasVersion, "2") < 0
                        ? DEFAULT_KERAS_VERSION : kerasVersion);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException | RuntimeException e) {
            throw new WeightImportException(target + ": cannot write the Keras weights (" + KerasFiles.firstLine(e) + ").", e);
        } finally {
            if (partial != null) {
                try {
                    Files.deleteIfExists(partial);
                } catch (java.io.IOException ignored) {
                    // the rename already happened or the folder is gone
                }
            }
        }
    }

    /**
     * Writes {@code layer_names} and one group per layer into a group (the file root for
     * save_weights, {@code model_weights} for a full model).
     *
     * @param group where to write
     * @param weightsByLayer layer key to weights
     */
    static void writeLayers(WritableGroup group, Map<String, List<KerasWeight>> weightsByLayer) {
        List<String> layerNames = new ArrayList<>();
        Map<String, WritableGroup> groups = new java.util.LinkedHashMap<>();
        Map<String, List<String>> weightNames = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, List<KerasWeight>> layer : weightsByLayer.entrySet()) {
            if (layer.getValue().isEmpty()) {
                continue;
            }
            String key = layer.getKey();
            int slash = key.indexOf('/');
            String groupName = slash < 0 ? key : key.substring(0, slash);
            String prefix = slash < 0 ? key : key.substring(slash + 1);
            WritableGroup layerGroup = groups.computeIfAbsent(groupName, g -> {
                layerNames.add(g);
                return group.putGroup(g);
            });
            WritableGroup prefixGroup = layerGroup.getChild(prefix) instanceof WritableGroup existing ? existing : layerGroup.putGroup(prefix);
            for (KerasWeight weight : layer.getValue()) {
                String name = weight.name() + ":0";
                prefixGroup.putDataset(name, nested(weight.values(), weight.shape()));
                weightNames.computeIfAbsent(groupName, g -> new ArrayList<>()).add(prefix + "/" + name);
            }
        }
        group.putAttribute("layer_names", layerNames.toArray(String[]::new));
        groups.forEach((name, g) -> g.putAttribute("weight_names", weightNames.get(name).toArray(String[]::new)));
    }

    /**
     * A flat C-order array as the nested Java array jhdf writes ({@code float[][]...}).
     *
     * @param values the values
     * @param shape the shape
     * @return a {@code float[]...[]} of that shape, or a {@code Float} for a scalar
     */
    static Object nested(float[] values, long[] shape) {
        if (shape.length == 0) {
            return values[0];
        }
        int[] dims = new int[shape.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = Math.toIntExact(shape[i]);
        }
        Object out = Array.newInstance(float.class, dims);
        fill(out, values, dims, 0, 0);
        return out;
    }

    private static int fill(Object array, float[] values, int[] dims, int depth, int at) {
        if (depth == dims.length - 1) {
            float[] row = (float[]) array;
            System.arraycopy(values, at, row, 0, row.length);
            return at + row.length;
        }
        for (int i = 0; i < dims[depth]; i++) {
            at = fill(Array.get(array, i), values, dims, depth + 1, at);
        }
        return at;
    }
}
