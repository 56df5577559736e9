package dev.graft.tensorflow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.tensorflow.engine.SavedModelBundle;
import ai.djl.tensorflow.engine.TfSymbolBlock;
import ai.djl.tensorflow.engine.javacpp.JavacppUtils;
import ai.djl.training.ParameterStore;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.tensorflow.proto.SignatureDef;

/**
 * A TensorFlow SavedModel loaded with its {@code serve} tag, whose signatures run by name on float
 * tensors. Loading starts the TensorFlow engine ({@link TensorFlowNatives}); TensorFlow sessions
 * accept concurrent calls, so this is thread-safe. It stays loaded for the life of the process.
 */
public final class SavedModelSession {

    /** The entry TensorFlow keeps in the signature map for its initializer; not callable. */
    private static final String INIT_OP = "__saved_model_init_op";

    private final Path folder;
    private final SavedModelBundle bundle;
    private final Map<String, SignatureDef> signatures;
    private final Map<String, TfSymbolBlock> blocks = new ConcurrentHashMap<>();

    private SavedModelSession(Path folder, SavedModelBundle bundle) {
        this.folder = folder;
        this.bundle = bundle;
        this.signatures = new TreeMap<>(bundle.getMetaGraphDef().getSignatureDefMap());
        this.signatures.remove(INIT_OP);
    }

    /**
     * Loads a SavedModel folder.
     *
     * @param folder the folder holding {@code saved_model.pb} and {@code variables/}
     * @return the loaded model
     * @throws IOException if the folder is missing or TensorFlow cannot start
     * @throws WeightImportException if TensorFlow cannot load the folder as a SavedModel tagged {@code serve}
     */
    public static SavedModelSession open(Path folder) throws IOException, WeightImportException {
        if (!Files.isRegularFile(folder.resolve("saved_model.pb"))) {
            throw new IOException(folder + " holds no saved_model.pb; weights must name a TensorFlow SavedModel folder.");
        }
        TensorFlowNatives.start();
        try {
            return new SavedModelSession(folder, JavacppUtils.loadSavedModelBundle(folder.toString(), new String[] {"serve"},
                    JavacppUtils.getSessionConfig(), null));
        } catch (RuntimeException e) {
            throw new WeightImportException(folder + ": TensorFlow cannot load it as a SavedModel tagged serve ("
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "); save it with tf.saved_model.save.");
        }
    }

    /** @return the folder it was loaded from */
    public Path folder() {
        return folder;
    }

    /** @return the callable signatures by name, sorted */
    public Map<String, SignatureDef> signatures() {
        return signatures;
    }

    /** @return the signatures as {@code name(inputs) -> outputs}, for messages */
    public String describe() {
        return signatures.entrySet().stream().map(e -> e.getKey() + "(" + String.join(", ", new TreeMap<>(e.getValue().getInputsMap()).keySet())
                + ") -> " + String.join(", ", new TreeMap<>(e.getValue().getOutputsMap()).keySet())).collect(Collectors.joining("; "));
    }

    /**
     * Runs a signature and returns one of its outputs.
     *
     * @param signature the signature's name
     * @param output the output's name in the signature
     * @param inputs a tensor for each of the signature's inputs, by input name
     * @return the output, as float32
     * @throws IllegalArgumentException naming what exists, for an unknown signature, output or input
     */
    public HostTensor run(String signature, String output, Map<String, HostTensor> inputs) {
        SignatureDef def = signatures.get(signature);
        if (def == null) {
            throw new IllegalArgumentException(folder + " has no signature '" + signature + "'; it has " + describe() + ".");
        }
        if (!def.getOutputsMap().containsKey(output)) {
            throw new IllegalArgumentException("signature " + signature + " of " + folder + " has no output '" + output + "'; it has "
                    + String.join(", ", new TreeMap<>(def.getOutputsMap()).keySet()) + ".");
        }
        TfSymbolBlock block = blocks.computeIfAbsent(signature, name -> new TfSymbolBlock(bundle, name));
        List<String> names = block.describeInput().keys();
        try (NDManager manager = NDManager.newBaseManager("TensorFlow")) {
            NDList list = new NDList();
            for (String name : names) {
                HostTensor tensor = inputs.get(name);
                if (tensor == null) {
                    throw new IllegalArgumentException("signature " + signature + " of " + folder + " needs inputs " + names
                            + ", not " + inputs.keySet() + ".");
                }
                NDArray array = manager.create(tensor.values(), new Shape(tensor.shape()));
                array.setName(name);
                list.add(array);
            }
            for (NDArray result : block.forward(new ParameterStore(manager, false), list, false)) {
                if (output.equals(result.getName())) {
                    NDArray floats = result.getDataType() == DataType.FLOAT32 ? result : result.toType(DataType.FLOAT32, false);
                    return new HostTensor(floats.getShape().getShape(), floats.toFloatArray());
                }
            }
        }
        throw new IllegalStateException("signature " + signature + " of " + folder + " returned no output " + output + ".");
    }
}
