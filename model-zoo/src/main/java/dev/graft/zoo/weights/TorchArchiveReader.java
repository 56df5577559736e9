package dev.graft.zoo.weights;

import dev.graft.zoo.weights.pickle.PickleValues.ScriptObject;
import dev.graft.zoo.weights.pickle.PickleValues.Storage;
import dev.graft.zoo.weights.pickle.PickleValues.TensorRef;
import dev.graft.zoo.weights.pickle.RestrictedUnpickler;
import dev.graft.zoo.weights.pickle.UnsafePickleException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads PyTorch's zip-format files: {@code torch.save(state_dict)} files ({@code .pth}, how
 * torchvision ships weights) and TorchScript archives ({@code .pt}, what DJL's PyTorch zoo ships).
 * Both hold a pickle ({@code <archive>/data.pkl}) that refers to raw storages ({@code
 * <archive>/data/<key>}). The pickle is read by a {@link RestrictedUnpickler}; TorchScript module
 * trees are flattened to dotted names ({@code features.0.weight}) and their code is never read.
 */
public final class TorchArchiveReader implements WeightFormat {

    @Override
    public List<String> extensions() {
        return List.of(".pth", ".pt", ".bin", ".ckpt");
    }

    /**
     * Reads a file.
     *
     * @param file the {@code .pth} or {@code .pt} file
     * @return its tensors by state-dict name
     * @throws WeightImportException if the file is not a PyTorch zip archive, or its pickle is
     *     refused (the message names the refused global)
     */
    @Override
    public StateDict read(Path file) throws WeightImportException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = archivePrefix(zip, file);
            boolean torchScript = zip.getEntry(prefix + "constants.pkl") != null;
            Object root;
            try (InputStream pickle = zip.getInputStream(zip.getEntry(prefix + "data.pkl"))) {
                root = new RestrictedUnpickler(pickle.readAllBytes(), torchScript).load();
            } catch (UnsafePickleException e) {
                throw new WeightImportException(
                        file + ": " + e.getMessage() + ". The file was not loaded; use weights from a trusted source.",
                        e);
            }
            Map<String, TensorRef> refs = new LinkedHashMap<>();
            flatten("", root, refs);
            if (refs.isEmpty()) {
                throw new WeightImportException(file + ": the archive holds no tensors.");
            }
            Map<String, float[]> storages = new HashMap<>();
            Map<String, TensorData> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, TensorRef> entry : refs.entrySet()) {
                TensorRef ref = entry.getValue();
                float[] storage = storages.get(ref.storage().key());
                if (storage == null) {
                    storage = readStorage(zip, prefix, ref.storage(), file);
                    storages.put(ref.storage().key(), storage);
                }
                tensors.put(entry.getKey(), view(storage, ref, entry.getKey(), file));
            }
            return new StateDict(file.toString(), tensors, true);
        } catch (ZipException e) {
            throw new WeightImportException(
                    file + ": not a PyTorch zip archive (legacy non-zip torch.save files are not supported;"
                            + " re-save with a current PyTorch).",
                    e);
        } catch (IOException e) {
            throw new WeightImportException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static String archivePrefix(ZipFile zip, Path file) throws WeightImportException {
        return zip.stream()
                .map(ZipEntry::getName)
                .filter(n -> n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length())
                .findFirst()
                .map(n -> n.substring(0, n.length() - "data.pkl".length()))
                .orElseThrow(
                        () -> new WeightImportException(file + ": no <archive>/data.pkl; not a PyTorch file."));
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object value, Map<String, TensorRef> out) {
        if (value instanceof TensorRef ref) {
            out.put(prefix.substring(0, prefix.length() - 1), ref);
        } else if (value instanceof ScriptObject object) {
            for (Map.Entry<String, Object> entry : object.state().entrySet()) {
                flatten(prefix + entry.getKey() + ".", entry.getValue(), out);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
                flatten(prefix + entry.getKey() + ".", entry.getValue(), out);
            }
        }
    }

    private static float[] readStorage(ZipFile zip, String prefix, Storage storage, Path file)
            throws IOException, WeightImportException {
        ZipEntry entry = zip.getEntry(prefix + "data/" + storage.key());
        if (entry == null) {
            throw new WeightImportException(file + ": storage data/" + storage.key() + " is missing.");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            float[] values = RawTensors.toFloats(ByteBuffer.wrap(in.readAllBytes()), storage.dtype());
            if (values.length < storage.numel()) {
                throw new WeightImportException(
                        file + ": storage data/" + storage.key() + " is truncated.");
            }
            return values;
        }
    }

    /** Gathers a strided view of a storage into a contiguous tensor. */
    private static TensorData view(float[] storage, TensorRef ref, String name, Path file)
            throws WeightImportException {
        long[] shape = ref.shape();
        long[] stride = ref.stride();
        int n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, (int) d);
        }
        float[] out = new float[n];
        int[] index = new int[shape.length];
        for (int i = 0; i < n; i++) {
            long at = ref.offset();
            for (int d = 0; d < shape.length; d++) {
                at += index[d] * stride[d];
            }
            if (at < 0 || at >= storage.length) {
                throw new WeightImportException(file + ": tensor " + name + " reaches outside its storage.");
            }
            out[i] = storage[(int) at];
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return new TensorData(shape, out);
    }
}
