package dev.graft.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.graft.core.data.CachedSplit;
import dev.graft.core.model.TransferModel;
import dev.graft.datasets.image.Normalization;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The output of a model's frozen part for the training and validation images, computed once in
 * inference mode. With nothing frozen, or when the features would not fit in memory, it holds
 * nothing and batches are computed from images each time.
 */
public final class FeatureCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray train;
    private final NDArray val;

    private FeatureCache(NDManager manager, NDArray train, NDArray val) {
        this.manager = manager;
        this.train = train;
        this.val = val;
    }

    /**
     * Computes the frozen features if there is a frozen part and they fit.
     *
     * @param model the model, frozen as it will train
     * @param train the training split
     * @param val the validation split
     * @param normalization input normalisation
     * @param parent the manager to allocate under
     * @param batchSize images per forward pass
     * @param maxFloats the largest cache, in floats
     * @return the cache (possibly empty)
     */
    public static FeatureCache build(TransferModel model, CachedSplit train, CachedSplit val, Normalization normalization,
            NDManager parent, int batchSize, long maxFloats) {
        NDManager manager = parent.newSubManager();
        if (model.frozenModules() == 0) {
            return new FeatureCache(manager, null, null);
        }
        Shape perImage = frozenShape(model, train.side());
        long floats = perImage.size() * (train.size() + val.size());
        if (floats > maxFloats) {
            return new FeatureCache(manager, null, null);
        }
        return new FeatureCache(manager, compute(model, train, normalization, manager, batchSize),
                compute(model, val, normalization, manager, batchSize));
    }

    private static Shape frozenShape(TransferModel model, int side) {
        Shape shape = new Shape(1, 3, side, side);
        Shape[] shapes = {shape};
        for (int i = 0; i < model.frozenModules(); i++) {
            shapes = model.getChildren().get(model.trunkNames().get(i)).getOutputShapes(shapes);
        }
        return shapes[0];
    }

    private static NDArray compute(TransferModel model, CachedSplit split, Normalization normalization, NDManager manager, int batchSize) {
        List<NDArray> parts = new ArrayList<>();
        for (int from = 0; from < split.size(); from += batchSize) {
            int[] indices = IntStream.range(from, Math.min(split.size(), from + batchSize)).toArray();
            try (NDManager scope = manager.newSubManager()) {
                NDArray features = model.forwardFrozen(new ParameterStore(scope, false),
                        new NDList(split.batch(scope, indices, normalization))).singletonOrThrow();
                features.attach(manager);
                parts.add(features);
            }
        }
        NDArray all = NDArrays.concat(new NDList(parts));
        parts.forEach(NDArray::close);
        return all;
    }

    /**
     * Returns the frozen features of training images.
     *
     * @param model the model (used when nothing is cached)
     * @param store the step's parameter store
     * @param scope the step's manager
     * @param split the training split
     * @param indices which images
     * @param normalization input normalisation
     * @return the features, attached to {@code scope}
     */
    NDArray trainFeatures(TransferModel model, ParameterStore store, NDManager scope, CachedSplit split, int[] indices, Normalization normalization) {
        return features(train, model, store, scope, split, indices, normalization);
    }

    NDArray valFeatures(TransferModel model, ParameterStore store, NDManager scope, CachedSplit split, int[] indices, Normalization normalization) {
        return features(val, model, store, scope, split, indices, normalization);
    }

    private static NDArray features(NDArray cached, TransferModel model, ParameterStore store, NDManager scope,
            CachedSplit split, int[] indices, Normalization normalization) {
        if (cached == null) {
            return model.forwardFrozen(store, new NDList(split.batch(scope, indices, normalization))).singletonOrThrow();
        }
        NDArray index = scope.create(Arrays.stream(indices).asLongStream().toArray());
        NDArray batch = cached.get(index);
        batch.attach(scope);
        return batch;
    }

    @Override
    public void close() {
        manager.close();
    }
}
