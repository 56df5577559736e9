package dev.graft.zoo.weights.pickle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The only kinds of value the restricted unpickler builds besides strings, numbers, booleans,
 * {@code null}, lists and maps. None of them runs code: they are data that describe tensors and
 * TorchScript module trees.
 */
public final class PickleValues {

    private PickleValues() {}

    /**
     * An immutable Python tuple.
     *
     * @param items the items
     */
    public record Tuple(List<Object> items) {}

    /**
     * A reference to an allowed Python global (a class or function name), never resolved to code.
     *
     * @param module the module, e.g. {@code torch._utils}
     * @param name the name, e.g. {@code _rebuild_tensor_v2}
     */
    public record Global(String module, String name) {
        /** @return {@code module.name} */
        public String qualified() {
            return module + "." + name;
        }
    }

    /**
     * A tensor storage named by a persistent id: raw bytes in the archive's {@code data/<key>}.
     *
     * @param dtype the storage dtype in safetensors notation (F32, I64, …)
     * @param key the record name
     * @param numel the number of elements
     */
    public record Storage(String dtype, String key, long numel) {}

    /**
     * A tensor as {@code torch._utils._rebuild_tensor_v2} describes it: a view of a storage.
     *
     * @param storage the storage
     * @param offset the element offset into the storage
     * @param shape the shape
     * @param stride the element strides
     */
    public record TensorRef(Storage storage, long offset, long[] shape, long[] stride) {}

    /**
     * A TorchScript module object (class {@code __torch__.…}): its attributes as a map, nothing
     * more. The class's code is never loaded.
     *
     * @param className the TorchScript class name
     * @param state the attributes set by the pickle's BUILD
     */
    public record ScriptObject(String className, Map<String, Object> state) {
        /**
         * Creates an object with no attributes yet.
         *
         * @param className the class name
         */
        public ScriptObject(String className) {
            this(className, new LinkedHashMap<>());
        }
    }
}
