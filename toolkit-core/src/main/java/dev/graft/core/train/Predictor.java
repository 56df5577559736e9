package dev.graft.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.graft.core.data.CachedSplit;
import dev.graft.core.model.TransferModel;
import dev.graft.datasets.image.Normalization;
import dev.graft.core.progress.Progress;
import dev.graft.core.progress.ProgressTask;
import java.util.ArrayList;
import java.util.List;

/** Runs a model over a split in inference mode, batch by batch, each batch in its own scope. */
public final class Predictor {

    private Predictor() {}

    /**
     * Predicts class probabilities for a split, in inference mode.
     *
     * @param model the model
     * @param split the images
     * @param normalization input normalisation
     * @param cache frozen features, or {@code null} to run the whole model
     * @param manager the parent manager
     * @param batchSize images per forward pass
     * @return probabilities per image
     */
    public static float[][] predict(TransferModel model, CachedSplit split, Normalization normalization,
            FeatureCache cache, NDManager manager, int batchSize) {
        return predictOutputs(model, split, normalization, cache, manager, batchSize).get(0);
    }

    /**
     * Predicts class probabilities for each of the model's outputs (one per task), in inference
     * mode; a one-wide output (a regression task) is returned as it is.
     *
     * @param model the model
     * @param split the images
     * @param normalization input normalisation
     * @param cache frozen features, or {@code null} to run the whole model
     * @param manager the parent manager
     * @param batchSize images per forward pass
     * @return per output, probabilities per image
     */
    public static List<float[][]> predictOutputs(TransferModel model, CachedSplit split, Normalization normalization,
            FeatureCache cache, NDManager manager, int batchSize) {
        List<float[][]> outputs = new ArrayList<>();
        try (ProgressTask task = Progress.task("inference on " + split.size() + " images", split.size(), "img")) {
        for (int from = 0; from < split.size(); from += batchSize) {
            int[] indices = java.util.stream.IntStream.range(from, Math.min(split.size(), from + batchSize)).toArray();
            try (NDManager scope = manager.newSubManager()) {
                ParameterStore store = new ParameterStore(scope, false);
                NDArray features = cache != null ? cache.features(model, store, scope, split, indices, normalization)
                        : model.forwardFrozen(store, new NDList(split.batch(scope, indices, normalization))).singletonOrThrow();
                NDList logits = model.forwardTrainable(store, split.inputs(scope, indices, features), false);
                for (int o = 0; o < logits.size(); o++) {
                    if (outputs.size() <= o) {
                        outputs.add(new float[split.size()][]);
                    }
                    int k = (int) logits.get(o).getShape().get(1);
                    NDArray p = k == 1 ? logits.get(o) : logits.get(o).softmax(1);
                    float[] flat = p.toFloatArray();
                    for (int i = 0; i < indices.length; i++) {
                        outputs.get(o)[indices[i]] = java.util.Arrays.copyOfRange(flat, i * k, (i + 1) * k);
                    }
                }
            }
            task.step(indices.length);
        }
        }
        return outputs;
    }
}
