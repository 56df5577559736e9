package dev.graft.core.train;

import dev.graft.core.model.TransferModel;
import dev.graft.zoo.nn.TorchNames;
import dev.graft.zoo.weights.TensorData;
import java.util.LinkedHashMap;
import java.util.Map;

/** Copies a model's parameters (BatchNorm statistics included) to Java memory and back. */
public final class Snapshots {

    private Snapshots() {}

    /**
     * Copies every parameter to Java memory.
     *
     * @param model the model
     * @return tensors by name
     */
    public static Map<String, TensorData> snapshot(TransferModel model) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        TorchNames.of(model).forEach((name, p) -> out.put(name,
                new TensorData(p.getArray().getShape().getShape(), p.getArray().toFloatArray())));
        return out;
    }

    /**
     * Writes a snapshot back into the model's parameters.
     *
     * @param model the model
     * @param tensors tensors from {@link #snapshot}
     */
    public static void restore(TransferModel model, Map<String, TensorData> tensors) {
        TorchNames.of(model).forEach((name, p) -> {
            TensorData t = tensors.get(name);
            if (t == null) {
                throw new IllegalStateException("snapshot lacks " + name);
            }
            p.getArray().set(java.nio.FloatBuffer.wrap(t.values()));
        });
    }
}
