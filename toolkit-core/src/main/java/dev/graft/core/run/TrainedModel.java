package dev.graft.core.run;

import ai.djl.ndarray.NDManager;
import dev.graft.core.data.CachedSplit;
import dev.graft.core.engine.DeviceSelector;
import dev.graft.core.engine.Engines;
import dev.graft.core.metric.OperatingPoint;
import dev.graft.core.model.ModelDescriptor;
import dev.graft.core.model.ModelStore;
import dev.graft.core.model.MultiTaskLayout;
import dev.graft.core.train.Predictor;
import dev.graft.datasets.DatasetException;
import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.augment.AugmentPipeline;
import dev.graft.datasets.image.BadImagePolicy;
import dev.graft.datasets.image.ImageLoader;
import dev.graft.datasets.image.Normalization;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model loaded from a run directory, ready to predict: it applies the run's resize, crop and
 * normalisation and returns class probabilities. Close it to free native memory.
 */
public final class TrainedModel implements Classifier {

    private final NDManager manager;
    private final ModelStore.Loaded loaded;
    private int views = 1;
    private AugmentPipeline viewPipeline;

    private TrainedModel(NDManager manager, ModelStore.Loaded loaded) {
        this.manager = manager;
        this.loaded = loaded;
    }

    /**
     * Loads a run's model.
     *
     * @param run the run directory
     * @param device {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}
     * @return the model
     * @throws IOException if the run holds no readable model
     */
    public static TrainedModel open(Path run, String device) throws IOException {
        Engines.usePyTorchOnThisThread();
        NDManager manager = NDManager.newBaseManager(DeviceSelector.select(device), "PyTorch");
        try {
            return new TrainedModel(manager, ModelStore.load(run, manager));
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** @return how the model was built: classes, input size, normalisation */
    public ModelDescriptor descriptor() {
        return loaded.descriptor();
    }

    /**
     * Decodes images at the model's input size, with their encoded metadata when the model reads it.
     *
     * @param images the images (labels are kept for evaluation; a model that reads metadata needs its
     *     columns among the images' attributes, as a CSV manifest gives them)
     * @param policy what to do with undecodable images
     * @return the decoded split
     * @throws DatasetException if an image cannot be decoded and the policy is FAIL, or a metadata
     *     column is missing or unreadable
     */
    public CachedSplit decode(ImageDataset images, BadImagePolicy policy) throws DatasetException {
        ModelDescriptor d = descriptor();
        if (d.metadata() != null && !images.images().isEmpty()) {
            d.metadata().encode(images.images().get(0), "the data"); // names a missing column before decoding
        }
        CachedSplit split = CachedSplit.decode(images, new ImageLoader(d.resize(), d.imageSize(), policy));
        return d.metadata() == null ? split : split.withMetadata(d.metadata(), "the data");
    }

    /**
     * Predicts class probabilities.
     *
     * @param split decoded images
     * @param batchSize images per forward pass
     * @return probabilities per image, per class (the main task's for a multi-task model)
     */
    public float[][] predict(CachedSplit split, int batchSize) {
        return predictOutputs(split, batchSize, null, 1).get(0);
    }

    /**
     * Predicts with test-time augmentation: the mean of the probabilities of the original and
     * {@code views − 1} augmented views.
     *
     * @param split decoded images
     * @param batchSize images per forward pass
     * @param pipeline the augmentation for the extra views
     * @param views how many views in all, at least 1
     * @return probabilities per image, per class (the main task's for a multi-task model)
     */
    public float[][] predict(CachedSplit split, int batchSize, AugmentPipeline pipeline, int views) {
        return predictOutputs(split, batchSize, pipeline, views).get(0);
    }

    /**
     * Predicts every output of the model (one per task, the main task first), averaged over
     * test-time views when asked.
     *
     * @param split decoded images
     * @param batchSize images per forward pass
     * @param pipeline the augmentation for extra views, or {@code null}
     * @param views how many views in all, at least 1
     * @return per output, probabilities per image, per class
     */
    private List<float[][]> predictOutputs(CachedSplit split, int batchSize, AugmentPipeline pipeline, int views) {
        Engines.usePyTorchOnThisThread();
        ModelDescriptor d = descriptor();
        Normalization normalization = new Normalization(d.mean(), d.std());
        List<float[][]> sum = Predictor.predictOutputs(loaded.model(), split, normalization, null, manager, batchSize);
        for (int view = 1; view < views; view++) {
            List<float[][]> p = Predictor.predictOutputs(loaded.model(), split.augmentedView(pipeline, 0, view), normalization, null,
                    manager, batchSize);
            for (int o = 0; o < sum.size(); o++) {
                for (int i = 0; i < sum.get(o).length; i++) {
                    for (int c = 0; c < sum.get(o)[i].length; c++) {
                        sum.get(o)[i][c] += p.get(o)[i][c];
                    }
                }
            }
        }
        if (views > 1) {
            for (float[][] output : sum) {
                for (float[] row : output) {
                    for (int c = 0; c < row.length; c++) {
                        row[c] /= views;
                    }
                }
            }
        }
        return sum;
    }

    /**
     * Predicts every task of a multi-task model (a single-task model has one, named {@code label}).
     *
     * @param images the images
     * @param policy what to do with undecodable images
     * @return per task, in output order (the main task first), its predictions; a regression
     *     task's holds the predicted value, in the target's units, as its only column
     * @throws DatasetException if an image cannot be decoded and the policy is FAIL
     */
    public Map<String, Predictions> predictTasks(ImageDataset images, BadImagePolicy policy) throws DatasetException {
        CachedSplit split = decode(images, policy);
        List<float[][]> outputs = predictOutputs(split, 32, viewPipeline, views);
        Map<String, Predictions> byTask = new LinkedHashMap<>();
        MultiTaskLayout layout = descriptor().multiTask();
        if (layout == null) {
            byTask.put("label", new Predictions(split, outputs.get(0), descriptor().operatingPoint()));
            return byTask;
        }
        for (int t = 0; t < layout.tasks().size(); t++) {
            MultiTaskLayout.Task task = layout.tasks().get(t);
            if (task.regression()) {
                for (float[] row : outputs.get(t)) {
                    row[0] = (float) (row[0] * task.std() + task.mean());
                }
            }
            byTask.put(task.name(), new Predictions(split, outputs.get(t), task.main() ? descriptor().operatingPoint() : OperatingPoint.ARGMAX));
        }
        return byTask;
    }

    @Override
    public List<String> classNames() {
        return descriptor().classNames();
    }

    @Override
    public Predictions predict(ImageDataset images, BadImagePolicy policy) throws DatasetException {
        CachedSplit split = decode(images, policy);
        float[][] p = predictOutputs(split, 32, viewPipeline, views).get(0);
        return new Predictions(split, p, descriptor().operatingPoint());
    }

    @Override
    public void useTestTimeAugmentation(int views, AugmentPipeline pipeline) {
        if (views < 1) {
            throw new IllegalArgumentException("tta must be at least 1, got " + views);
        }
        this.views = views;
        this.viewPipeline = pipeline;
    }

    @Override
    public void close() {
        manager.close();
    }
}
