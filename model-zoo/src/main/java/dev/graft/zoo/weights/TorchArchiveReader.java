package dev.graft.zoo.weights;

import dev.graft.datasets.io.HeapBudget;
import dev.graft.datasets.io.ZipEntries;
import dev.graft.zoo.weights.pickle.PickleValues.ScriptObject;
import dev.graft.zoo.weights.pickle.PickleValues.Storage;
import dev.graft.zoo.weights.pickle.PickleValues.TensorRef;
import dev.graft.zoo.weights.pickle.RestrictedUnpickler;
import dev.graft.zoo.weights.pickle.UnsafePickleException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** The largest pickle read: real state-dict and TorchScript pickles are kilobytes to a few megabytes. */
    private static final int MAX_PICKLE_BYTES = 64 << 20;

    /** How deeply state dicts and module trees may nest. */
    private static final int MAX_DEPTH = 100;

    /** The most dicts and module objects a state dict may hold. */
    private static final int MAX_ENTRIES = 1_000_000;

    /** Storages are read and converted this many bytes at a time (a multiple of every item size). */
    private static final int CHUNK = 1 << 20;

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
            ZipEntry pickleEntry = zip.getEntry(prefix + "data.pkl");
            try {
                root = new RestrictedUnpickler(readPickle(zip, pickleEntry, file), torchScript).load();
            } catch (UnsafePickleException e) {
                throw new WeightImportException(
                        file + ": " + e.getMessage() + ". The file was not loaded; use weights from a trusted source.",
                        e);
            }
            Map<String, TensorRef> refs = new LinkedHashMap<>();
            flatten("", root, refs, new Walk(file));
            if (refs.isEmpty()) {
                throw new WeightImportException(file + ": the archive holds no tensors.");
            }
            Map<String, float[]> storages = new HashMap<>();
            Map<String, TensorData> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, TensorRef> entry : refs.entrySet()) {
                TensorRef ref = entry.getValue();
                long elements = checkView(ref, entry.getKey(), file);
                float[] storage = storages.get(ref.storage().key());
                if (storage == null) {
                    storage = readStorage(zip, prefix, ref.storage(), file);
                    storages.put(ref.storage().key(), storage);
                }
                tensors.put(entry.getKey(), view(storage, ref, elements, entry.getKey(), file));
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

    private static byte[] readPickle(ZipFile zip, ZipEntry entry, Path file) throws IOException, WeightImportException {
        try (InputStream pickle = zip.getInputStream(entry)) {
            return ZipEntries.readAtMost(pickle, entry, MAX_PICKLE_BYTES, file + ": " + entry.getName());
        } catch (ZipException e) {
            throw e;
        } catch (IOException e) {
            throw new WeightImportException(e.getMessage(), e);
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

    /** Bounds on walking the unpickled tree: containers on the current path, containers seen in all. */
    private record Walk(Path file, Set<Object> path, int[] visited) {
        Walk(Path file) {
            this(file, Collections.newSetFromMap(new IdentityHashMap<>()), new int[1]);
        }
    }

    /**
     * Collects the tensors of a state dict or TorchScript module tree under dotted names. A pickle
     * can make a dict contain itself, nest thousands deep, or share one dict many times over (so
     * its paths grow exponentially); each is refused by name instead of overflowing the stack or
     * the heap.
     */
    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object value, Map<String, TensorRef> out, Walk walk)
            throws WeightImportException {
        if (value instanceof TensorRef ref) {
            if (prefix.isEmpty()) {
                throw new WeightImportException(walk.file() + ": the pickle holds a bare tensor, not a state dict;"
                        + " save model.state_dict() instead.");
            }
            out.put(prefix.substring(0, prefix.length() - 1), ref);
            return;
        }
        Map<String, Object> children = value instanceof ScriptObject object ? object.state()
                : value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
        if (children == null) {
            return;
        }
        String key = prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1);
        String here = key.isEmpty() ? "the top level" : "'" + (key.length() > 60 ? key.substring(0, 30) + "…" + key.substring(key.length() - 20) : key) + "'";
        if (walk.path().size() >= MAX_DEPTH) {
            throw new WeightImportException(walk.file() + ": the state dict nests more than " + MAX_DEPTH + " levels deep at " + here
                    + "; the file is corrupt or crafted. Save model.state_dict() again.");
        }
        if (++walk.visited()[0] > MAX_ENTRIES) {
            throw new WeightImportException(walk.file() + ": the state dict has more than " + MAX_ENTRIES
                    + " entries (a dict shared many times over?) at " + here + "; the file is corrupt or crafted.");
        }
        if (!walk.path().add(value)) {
            throw new WeightImportException(walk.file() + ": the state dict contains itself at " + here
                    + " (a cycle); the file is corrupt or crafted. Save model.state_dict() again.");
        }
        for (Map.Entry<String, Object> entry : children.entrySet()) {
            flatten(prefix + entry.getKey() + ".", entry.getValue(), out, walk);
        }
        walk.path().remove(value);
    }

    /**
     * Reads a storage in chunks, after checking that the entry can hold the elements the pickle
     * declares and the heap can take them as floats.
     */
    private static float[] readStorage(ZipFile zip, String prefix, Storage storage, Path file)
            throws IOException, WeightImportException {
        ZipEntry entry = zip.getEntry(prefix + "data/" + storage.key());
        String what = file + ": storage data/" + storage.key();
        if (entry == null) {
            throw new WeightImportException(what + " is missing.");
        }
        int itemSize;
        long bytes;
        try {
            itemSize = RawTensors.itemSize(storage.dtype());
            bytes = Math.multiplyExact(storage.numel(), itemSize);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new WeightImportException(what + " declares " + storage.numel() + " elements of " + storage.dtype()
                    + "; the file is corrupt or crafted.", e);
        }
        if (bytes > ZipEntries.capacity(entry)) {
            throw new WeightImportException(String.format(Locale.ROOT, "%s declares %,d elements of %s (%,d bytes) but its entry"
                    + " holds at most %,d bytes; the file is corrupt or crafted.", what, storage.numel(), storage.dtype(), bytes,
                    ZipEntries.capacity(entry)));
        }
        float[] values;
        try {
            values = HeapBudget.floats(storage.numel(), what);
        } catch (IOException e) {
            throw new WeightImportException(e.getMessage(), e);
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] chunk = new byte[(int) Math.min(CHUNK, bytes)];
            int at = 0;
            for (long left = bytes; left > 0; ) {
                int want = (int) Math.min(chunk.length, left);
                int read = in.readNBytes(chunk, 0, want);
                if (read < want) {
                    throw new WeightImportException(what + " is truncated: it holds " + (bytes - left + read) + " of " + bytes
                            + " bytes. Save the file again.");
                }
                RawTensors.toFloats(ByteBuffer.wrap(chunk, 0, read), storage.dtype(), values, at);
                at += read / itemSize;
                left -= read;
            }
            return values;
        } catch (IOException e) {
            throw new WeightImportException(what + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Checks a view before anything is allocated for it: shape and stride of one length, no
     * negative dimension, stride or offset, an element count that fits one array, every element
     * inside the storage, and no more elements than the storage holds (a stride-0 view that
     * repeats one value a billion times is not a weight).
     *
     * @return the number of elements
     */
    private static long checkView(TensorRef ref, String name, Path file) throws WeightImportException {
        long[] shape = ref.shape();
        long[] stride = ref.stride();
        String where = file + ": tensor " + name + " (shape " + Arrays.toString(shape) + ", stride " + Arrays.toString(stride)
                + ", offset " + ref.offset() + " in storage data/" + ref.storage().key() + " of " + ref.storage().numel() + ")";
        if (shape.length != stride.length || ref.offset() < 0 || Arrays.stream(shape).anyMatch(d -> d < 0)
                || Arrays.stream(stride).anyMatch(d -> d < 0)) {
            throw new WeightImportException(where + " is not a valid view; the file is corrupt or crafted.");
        }
        long elements = 1;
        long last = ref.offset();
        try {
            for (int d = 0; d < shape.length; d++) {
                elements = Math.multiplyExact(elements, shape[d]);
                if (shape[d] > 0) {
                    last = Math.addExact(last, Math.multiplyExact(shape[d] - 1, stride[d]));
                }
            }
        } catch (ArithmeticException e) {
            throw new WeightImportException(where + " has more elements than any file holds; the file is corrupt or crafted.", e);
        }
        if (elements > 0 && last >= ref.storage().numel()) {
            throw new WeightImportException(where + " reaches outside its storage; the file is corrupt or crafted.");
        }
        if (elements > ref.storage().numel()) {
            throw new WeightImportException(where + " has " + elements + " elements, more than its storage holds (a stride-0"
                    + " view that repeats values); save the tensor with .clone() or .contiguous() first.");
        }
        return elements;
    }

    /** Gathers a checked strided view of a storage into a contiguous tensor. */
    private static TensorData view(float[] storage, TensorRef ref, long elements, String name, Path file)
            throws WeightImportException {
        long[] shape = ref.shape();
        long[] stride = ref.stride();
        float[] out;
        try {
            out = HeapBudget.floats(elements, file + ": tensor " + name);
        } catch (IOException e) {
            throw new WeightImportException(e.getMessage(), e);
        }
        int[] index = new int[shape.length];
        for (int i = 0; i < out.length; i++) {
            long at = ref.offset();
            for (int d = 0; d < shape.length; d++) {
                at += index[d] * stride[d];
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
