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
import dev.graft.core.progress.Progress;
import dev.graft.core.progress.ProgressTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The output of a model's frozen part for the training and validation images, computed once in
 * inference mode. With nothing frozen, or when the features would not fit in memory, it holds
 * nothing and batches are computed from images each time. A {@link FeatureMemo} carries the
 * features from one run to the next.
 */
public final class FeatureCache implements AutoCloseable {

    private final NDManager manager;
    private final Map<CachedSplit, NDArray> cached = new IdentityHashMap<>();

    private FeatureCache(NDManager manager) {
        this.manager = manager;
    }

    private FeatureCache(NDManager manager, CachedSplit train, NDArray trainFeatures, CachedSplit val, NDArray valFeatures) {
        this.manager = manager;
        cached.put(train, trainFeatures);
        cached.put(val, valFeatures);
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
     * @param memo features remembered from earlier runs, or {@code null}; not used when the
     *     training images are at another side than validation's (progressive resizing)
     * @param memoKey what identifies these features in the memo (data, weights, frozen part)
     * @param includeTrain whether to cache the training split (not when it is augmented anew each epoch)
     * @return the cache (possibly empty)
     */
    public static FeatureCache build(TransferModel model, CachedSplit train, CachedSplit val, Normalization normalization,
            NDManager parent, int batchSize, long maxFloats, FeatureMemo memo, String memoKey, boolean includeTrain) {
        NDManager manager = parent.newSubManager();
        if (model.frozenModules() == 0) {
            return new FeatureCache(manager);
        }
        if (!includeTrain) {
            FeatureCache valOnly = new FeatureCache(manager);
            if (frozenShape(model, val.side()).size() * val.size() <= maxFloats) {
                valOnly.cached.put(val, compute(model, val, normalization, manager, batchSize));
            }
            return valOnly;
        }
        Shape perImage = frozenShape(model, train.side());
        long floats = perImage.size() * train.size() + frozenShape(model, val.side()).size() * val.size();
        if (floats > maxFloats) {
            return new FeatureCache(manager);
        }
        if (memo == null || train.side() != val.side()) {
            return new FeatureCache(manager, train, compute(model, train, normalization, manager, batchSize),
                    val, compute(model, val, normalization, manager, batchSize));
        }
        FeatureMemo.Entry entry = memo.computeIfAbsent(memoKey, () -> {
            try (NDManager scratch = manager.newSubManager()) {
                return new FeatureMemo.Entry(perImage.slice(1).getShape(),
                        compute(model, train, normalization, scratch, batchSize).toFloatArray(),
                        compute(model, val, normalization, scratch, batchSize).toFloatArray());
            }
        });
        return new FeatureCache(manager, train, fromHost(manager, entry.train(), train.size(), entry.shape()),
                val, fromHost(manager, entry.val(), val.size(), entry.shape()));
    }

    private static NDArray fromHost(NDManager manager, float[] values, int count, long[] perImage) {
        long[] shape = new long[perImage.length + 1];
        shape[0] = count;
        System.arraycopy(perImage, 0, shape, 1, perImage.length);
        return manager.create(values, new Shape(shape));
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
        try (ProgressTask task = Progress.task("computing frozen features of " + split.size() + " images", split.size(), "img")) {
        for (int from = 0; from < split.size(); from += batchSize) {
            int[] indices = IntStream.range(from, Math.min(split.size(), from + batchSize)).toArray();
            try (NDManager scope = manager.newSubManager()) {
                NDArray features = model.forwardFrozen(new ParameterStore(scope, false),
                        new NDList(split.batch(scope, indices, normalization))).singletonOrThrow();
                features.attach(manager);
                parts.add(features);
            }
            task.step(indices.length);
        }
        }
        NDArray all = NDArrays.concat(new NDList(parts));
        parts.forEach(NDArray::close);
        return all;
    }

    /**
     * Returns the frozen features of some images of a split: from the cache when the split is one
     * it was built for, else computed.
     *
     * @param model the model (used when the split is not cached)
     * @param store the step's parameter store
     * @param scope the step's manager
     * @param split the split
     * @param indices which images
     * @param normalization input normalisation
     * @return the features, attached to {@code scope}
     */
    NDArray features(TransferModel model, ParameterStore store, NDManager scope, CachedSplit split, int[] indices,
            Normalization normalization) {
        NDArray all = cached.get(split);
        if (all == null) {
            return model.forwardFrozen(store, new NDList(split.batch(scope, indices, normalization))).singletonOrThrow();
        }
        NDArray index = scope.create(Arrays.stream(indices).asLongStream().toArray());
        NDArray batch = all.get(index);
        batch.attach(scope);
        return batch;
    }

    @Override
    public void close() {
        manager.close();
    }
}
