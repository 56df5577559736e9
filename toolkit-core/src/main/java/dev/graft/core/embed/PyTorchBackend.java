package dev.graft.core.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import dev.graft.core.engine.Engines;
import dev.graft.core.model.TransferModel;

/**
 * Embeds on the PyTorch engine with a model's trunk, pooled when it ends in a feature map.
 * Callers take turns: libtorch already spreads one batch over every core, and turns keep native
 * memory bounded by one batch.
 */
final class PyTorchBackend implements EmbeddingBackend {

    private final NDManager manager;
    private final TransferModel model;

    PyTorchBackend(NDManager manager, TransferModel model) {
        this.manager = manager;
        this.model = model;
        model.freezeFirst(model.trunkNames().size());
    }

    @Override
    public synchronized float[] run(float[] batch, int count, int side) {
        Engines.usePyTorchOnThisThread();
        try (NDManager scope = manager.newSubManager()) {
            NDList input = new NDList(scope.create(batch, new Shape(count, 3, side, side)));
            NDArray features = model.forwardFrozen(new ParameterStore(scope, false), input).singletonOrThrow();
            return (features.getShape().dimension() == 4 ? Pool.globalAvgPool2d(features) : features).toFloatArray();
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
