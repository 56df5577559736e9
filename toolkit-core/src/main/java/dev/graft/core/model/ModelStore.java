package dev.graft.core.model;

import ai.djl.ndarray.NDManager;
import dev.graft.core.io.VersionedJson;
import dev.graft.zoo.arch.Architecture;
import dev.graft.zoo.nn.TorchNames;
import dev.graft.zoo.weights.SafetensorsReader;
import dev.graft.zoo.weights.SafetensorsWriter;
import dev.graft.zoo.weights.StateDict;
import dev.graft.zoo.weights.TensorData;
import dev.graft.zoo.weights.WeightImportException;
import dev.graft.zoo.weights.WeightLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saves a trained model as {@code model.safetensors} (every parameter under its torchvision-style
 * name, readable by any safetensors tool) and {@code model.json} (a {@link ModelDescriptor} with a
 * {@code format_version}, see {@link VersionedJson}), and loads it back, also from runs written
 * before {@code format_version}.
 */
public final class ModelStore {

    /** The weights file name. */
    public static final String WEIGHTS = "model.safetensors";
    /** The descriptor file name. */
    public static final String DESCRIPTOR = "model.json";

    /** The largest input side a saved model may declare. */
    private static final int MAX_SIDE = 4096;
    /** The most classes a saved model may list. */
    private static final int MAX_CLASSES = 100_000;
    /** The most hidden units a saved head may have. */
    private static final int MAX_HIDDEN = 65_536;
    private static final String TAMPERED = "; the file was changed or is damaged. Restore it, or train again with graft finetune.";

    private ModelStore() {}

    /**
     * Saves a model.
     *
     * @param dir the run directory
     * @param model the model
     * @param descriptor how to rebuild it
     * @throws IOException if writing fails
     */
    public static void save(Path dir, TransferModel model, ModelDescriptor descriptor) throws IOException {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        TorchNames.of(model).forEach((name, p) -> tensors.put(name,
                new TensorData(p.getArray().getShape().getShape(), p.getArray().toFloatArray())));
        SafetensorsWriter.write(dir.resolve(WEIGHTS), tensors, Map.of("format", "graft", "arch", descriptor.arch()));
        VersionedJson.write(dir.resolve(DESCRIPTOR), descriptor);
    }

    /**
     * A loaded model and its descriptor.
     *
     * @param model the model, all parameters loaded, everything frozen, ready for inference
     * @param descriptor how it was built
     */
    public record Loaded(TransferModel model, ModelDescriptor descriptor) {}

    /**
     * Reads {@code model.json} and checks what a hand-edited or damaged file could make absurd
     * before anything is built from it: the input side (it sizes every buffer), the class count
     * (it sizes the head), and the normalisation.
     */
    private static ModelDescriptor readDescriptor(Path json) throws IOException {
        ModelDescriptor d = VersionedJson.read(json, ModelDescriptor.class);
        String problem = d.arch() == null || d.cut() == null || d.head() == null ? "arch, cut or head is missing"
                : d.imageSize() < 1 || d.imageSize() > MAX_SIDE ? "image_size " + d.imageSize() + " is outside 1.." + MAX_SIDE
                : d.resize() < 0 || d.resize() > 2 * MAX_SIDE ? "resize " + d.resize() + " is outside 0.." + 2 * MAX_SIDE
                : d.multiTask() == null && (d.classNames().size() < 2 || d.classNames().size() > MAX_CLASSES)
                        ? "it lists " + d.classNames().size() + " classes, not 2.." + MAX_CLASSES
                : d.head().hidden() > MAX_HIDDEN ? "the head has " + d.head().hidden() + " hidden units, more than " + MAX_HIDDEN
                : !normalisation(d.mean(), d.std()) ? "mean and std must be 3 finite numbers each, std > 0"
                : null;
        if (problem != null) {
            throw new IOException(json + ": " + problem + TAMPERED);
        }
        return d;
    }

    private static boolean normalisation(float[] mean, float[] std) {
        if (mean == null || std == null || mean.length != 3 || std.length != 3) {
            return false;
        }
        for (int c = 0; c < 3; c++) {
            if (!Float.isFinite(mean[c]) || !Float.isFinite(std[c]) || std[c] <= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Loads a model saved by {@link #save}.
     *
     * @param dir the run directory
     * @param manager the manager to own the parameters
     * @return the model
     * @throws IOException if the files are missing or do not fit together
     * @throws dev.graft.core.io.RunFormatException if model.json is from a newer Graft
     */
    public static Loaded load(Path dir, NDManager manager) throws IOException {
        Path json = dir.resolve(DESCRIPTOR);
        if (!Files.isRegularFile(json)) {
            throw new IOException(dir + " holds no " + DESCRIPTOR + "; pass a run directory written by graft finetune.");
        }
        ModelDescriptor descriptor = readDescriptor(json);
        Architecture architecture = Architectures.ofRun(descriptor.arch(), dir);
        TransferModel model = descriptor.multiTask() == null
                ? TransferModels.build(architecture, descriptor.cut(), descriptor.head(), descriptor.classNames().size(),
                        descriptor.metadataWidth())
                : TransferModels.buildMultiTask(architecture, descriptor.cut(), descriptor.head(), descriptor.multiTask());
        TransferModels.initialize(model, manager, descriptor.imageSize());
        try {
            StateDict weights = new SafetensorsReader().read(dir.resolve(WEIGHTS));
            WeightLoader.load(model, weights);
        } catch (WeightImportException e) {
            throw new IOException(e.getMessage(), e);
        }
        model.freezeFirst(model.trunkNames().size());
        return new Loaded(model, descriptor);
    }
}
