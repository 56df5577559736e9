package dev.graft.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import dev.graft.core.model.TransferModel;
import dev.graft.zoo.nn.Layers;
import dev.graft.zoo.nn.TorchNames;
import dev.graft.zoo.weights.TensorData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An average of a run's weights, of one of two kinds (or none, when it does nothing at all and the
 * run is the one it was without it).
 *
 * <p><b>EMA</b> ({@code --ema DECAY}, timm's {@code ModelEmaV2}/{@code V3}): after every optimiser
 * step, {@code ema ← ema + (1 − d)(θ − ema)} with {@code d = min(DECAY, (1 + t)/(10 + t))}, t the
 * number of earlier updates (the warm-up of TensorFlow's {@code ExponentialMovingAverage} that timm
 * offers, always on: a short fine-tune of a few hundred steps would otherwise end close to its
 * starting weights). As in timm, the whole state of the trainable part is averaged, BatchNorm
 * running statistics included; the frozen part never changes and is left out (with gradual
 * unfreezing, the modules unfrozen later are tracked from the start, and stay exactly constant
 * while frozen). Each epoch is validated with the averaged weights swapped in (training goes on
 * from the raw ones), so selection and early stopping judge the average, the best epoch's snapshot
 * is the average, and the final model holds it.
 *
 * <p><b>SWA</b> ({@code --swa-epochs N}, Izmailov et al. 2018, {@code torch.optim.swa_utils}): the
 * trainable parameters are averaged with equal weights at the end of each of the last N epochs;
 * at the end the model takes the average and the BatchNorm layers of its trainable part get their
 * running statistics recomputed by one pass over the (unaugmented) training images in training
 * mode, each batch weighing the same ({@code update_bn}); without such a layer the pass is
 * skipped. Early stopping and best-epoch restore are off: the average is the model.
 *
 * <p>The state (the average and its count) goes into each checkpoint, so a resumed run ends as an
 * unbroken one. As a listener it hears each step (EMA) and each epoch's end (SWA), before the
 * checkpoint is written.
 */
final class WeightAveraging implements TrainingListener, AutoCloseable {

    private final TrainingOptions options;
    private final TrainingSetup setup;
    private final String kind;
    private final Map<String, Parameter> tracked;
    private final NDManager manager;
    private final Map<String, NDArray> average = new LinkedHashMap<>();
    private int count;

    /**
     * Starts the average of a run (an EMA starts at the current weights).
     *
     * @param options the run's options: its EMA decay or SWA epochs, none for no average
     * @param setup the model (weights loaded) and how much of it stays frozen
     */
    WeightAveraging(TrainingOptions options, TrainingSetup setup) {
        this.options = options;
        this.setup = setup;
        this.kind = options.ema() > 0 ? "ema" : options.swaEpochs() > 0 ? "swa" : null;
        this.manager = kind == null ? null : setup.manager().newSubManager();
        this.tracked = kind == null ? Map.of() : tracked(setup.model(), setup.targetFrozen(), ema());
        if (ema()) {
            tracked.forEach((name, p) -> average.put(name, copy(p.getArray())));
        }
    }

    /**
     * The tensors an average covers: those of the modules that train at some point of the run (the
     * trunk from {@code targetFrozen} on, and the head), BatchNorm statistics only if asked.
     */
    static Map<String, Parameter> tracked(TransferModel model, int targetFrozen, boolean statistics) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        TorchNames.of(model).forEach((name, p) -> {
            int module = model.trunkNames().indexOf(model.moduleOf(name));
            if ((module < 0 || module >= targetFrozen) && (statistics || TorchNames.isTrainable(p))) {
                out.put(name, p);
            }
        });
        return out;
    }

    private boolean ema() {
        return "ema".equals(kind);
    }

    /** @return whether the run ends with a stochastic weight average (no early stopping, no restore) */
    boolean swa() {
        return "swa".equals(kind);
    }

    /**
     * The decay of an EMA update.
     *
     * @param decay the configured decay
     * @param updates how many updates came before
     * @return {@code min(decay, (1 + updates)/(10 + updates))}
     */
    static double decayAt(double decay, int updates) {
        return Math.min(decay, (1.0 + updates) / (10.0 + updates));
    }

    @Override
    public void onStep(int epoch, int step, double loss, double imagesPerSecond) {
        if (!ema()) {
            return;
        }
        float weight = (float) (1 - decayAt(options.ema(), count));
        try (NDManager scope = manager.newSubManager()) {
            tracked.forEach((name, p) -> {
                NDArray diff = p.getArray().sub(average.get(name));
                diff.attach(scope);
                average.get(name).addi(diff.muli(weight));
            });
        }
        count++;
    }

    @Override
    public void onEpochEnd(EpochEnd end) {
        if (!swa() || end.result().epoch() <= options.epochs() - options.swaEpochs()) {
            return;
        }
        count++;
        try (NDManager scope = manager.newSubManager()) {
            tracked.forEach((name, p) -> {
                if (count == 1) {
                    average.put(name, copy(p.getArray()));
                } else {
                    NDArray diff = p.getArray().sub(average.get(name));
                    diff.attach(scope);
                    average.get(name).addi(diff.divi((float) count));
                }
            });
        }
    }

    /**
     * Runs a validation with the EMA swapped in, then puts the raw weights back.
     *
     * @param validation what to run
     * @param <T> its result
     * @return the result
     */
    <T> T evaluated(Supplier<T> validation) {
        if (!ema()) {
            return validation.get();
        }
        try (NDManager scope = manager.newSubManager()) {
            Map<String, NDArray> raw = new LinkedHashMap<>();
            tracked.forEach((name, p) -> {
                NDArray kept = p.getArray().duplicate();
                kept.attach(scope);
                raw.put(name, kept);
                average.get(name).copyTo(p.getArray());
            });
            try {
                return validation.get();
            } finally {
                raw.forEach((name, kept) -> kept.copyTo(tracked.get(name).getArray()));
            }
        }
    }

    /**
     * The weights an epoch offers for selection: the EMA's with EMA, else the model's.
     *
     * @param weights the model's weights after the epoch
     * @return what to keep if the epoch is the best
     */
    Map<String, TensorData> selectable(Map<String, TensorData> weights) {
        if (!ema()) {
            return weights;
        }
        Map<String, TensorData> out = new LinkedHashMap<>(weights);
        average.forEach((name, a) -> out.put(name, new TensorData(a.getShape().getShape(), a.toFloatArray())));
        return out;
    }

    /**
     * Puts the average into the model at the end of a run: the EMA (which a best-epoch restore
     * then replaces with the best epoch's EMA), or the SWA with its BatchNorm statistics recomputed.
     *
     * @param features the frozen part's features for the BatchNorm pass (SWA)
     * @return a line saying what was done, or {@code null} without an average
     */
    String finish(FeatureCache features) {
        if (kind == null) {
            return null;
        }
        if (count == 0 && swa()) {
            throw new IllegalStateException("no epoch of the stochastic weight average finished");
        }
        average.forEach((name, a) -> a.copyTo(tracked.get(name).getArray()));
        if (ema()) {
            return null;
        }
        int images = recomputeBatchNorm(features);
        int first = options.epochs() - options.swaEpochs() + 1;
        return "the model is the stochastic weight average of epochs " + first + "-" + options.epochs() + " (" + count + " snapshots)"
                + (images > 0 ? ", BatchNorm statistics recomputed over " + images + " training images"
                        : "; no BatchNorm layer trains, so no statistics to recompute");
    }

    /**
     * Recomputes the running statistics of the trainable part's BatchNorm layers as the equally
     * weighted mean of their batch statistics over the training images (PyTorch's {@code
     * update_bn}, momentum {@code None}). Each batch starts from zero statistics, so the layer's
     * update leaves {@code momentum × batch statistic}, divided back out.
     *
     * @return the images seen, 0 when no BatchNorm layer trains
     */
    private int recomputeBatchNorm(FeatureCache features) {
        TransferModel model = setup.model();
        List<BatchNorm> norms = new ArrayList<>();
        for (int i = model.frozenModules(); i < model.trunkNames().size(); i++) {
            collect(model.getChildren().get(model.trunkNames().get(i)), norms);
        }
        collect(model.head(), norms);
        if (norms.isEmpty()) {
            return 0;
        }
        Engine.getEngine("PyTorch").setRandomSeed((int) (options.seed() * 31 + options.epochs() + 1));
        int size = setup.train().size();
        int images = 0;
        int batches = 0;
        try (NDManager sums = manager.newSubManager()) {
            Map<BatchNorm, NDArray[]> sum = new LinkedHashMap<>();
            for (BatchNorm norm : norms) {
                sum.put(norm, new NDArray[] {sums.zeros(mean(norm).getShape()), sums.zeros(variance(norm).getShape())});
            }
            for (int from = 0; from + 1 < size; from += options.batchSize()) {
                int[] indices = java.util.stream.IntStream.range(from, Math.min(size, from + options.batchSize())).toArray();
                if (indices.length < 2) {
                    break;
                }
                try (NDManager scope = manager.newSubManager()) {
                    for (BatchNorm norm : norms) {
                        sums.zeros(mean(norm).getShape()).copyTo(mean(norm));
                        sums.zeros(variance(norm).getShape()).copyTo(variance(norm));
                    }
                    ParameterStore store = new ParameterStore(scope, false);
                    NDArray input = FineTuner.stepInput(model, store, scope, setup.train(), indices, setup.normalization(), features, null);
                    model.forwardTrainable(store, setup.train().inputs(scope, indices, input), true);
                    for (BatchNorm norm : norms) {
                        double momentum = Layers.torchMomentum(norm);
                        NDArray[] s = sum.get(norm);
                        s[0].addi(tmp(mean(norm).div(momentum), scope));
                        s[1].addi(tmp(variance(norm).div(momentum), scope));
                    }
                }
                images += indices.length;
                batches++;
            }
            for (BatchNorm norm : norms) {
                NDArray[] s = sum.get(norm);
                s[0].divi(batches).copyTo(mean(norm));
                s[1].divi(batches).copyTo(variance(norm));
            }
        }
        return images;
    }

    private static NDArray tmp(NDArray array, NDManager scope) {
        array.attach(scope);
        return array;
    }

    private static NDArray mean(BatchNorm norm) {
        return norm.getDirectParameters().get("runningMean").getArray();
    }

    private static NDArray variance(BatchNorm norm) {
        return norm.getDirectParameters().get("runningVar").getArray();
    }

    private static void collect(Block block, List<BatchNorm> out) {
        if (block instanceof BatchNorm norm) {
            out.add(norm);
        }
        block.getChildren().values().forEach(child -> collect(child, out));
    }

    private NDArray copy(NDArray array) {
        return manager.create(array.toFloatArray(), array.getShape());
    }

    /**
     * The state for a checkpoint: {@code ema/<name>} or {@code swa/<name>} tensors and the count
     * ({@code <kind>#count}); empty without an average.
     *
     * @return tensors by name
     */
    Map<String, TensorData> saveState() {
        Map<String, TensorData> out = new LinkedHashMap<>();
        if (kind != null) {
            average.forEach((name, a) -> out.put(kind + "/" + name, new TensorData(a.getShape().getShape(), a.toFloatArray())));
            out.put(kind + "#count", new TensorData(new long[] {1}, new float[] {count}));
        }
        return out;
    }

    /**
     * Restores the state saved by {@link #saveState()}.
     *
     * @param state the saved tensors (empty for a checkpoint without an average)
     */
    void loadState(Map<String, TensorData> state) {
        if (kind == null) {
            return;
        }
        TensorData saved = state.get(kind + "#count");
        if (saved == null) {
            throw new IllegalStateException("the checkpoint holds no " + kind + " state; resume it with the options it was run with");
        }
        count = (int) saved.values()[0];
        average.values().forEach(NDArray::close);
        average.clear();
        tracked.keySet().forEach(name -> {
            TensorData t = state.get(kind + "/" + name);
            if (t != null) {
                average.put(name, manager.create(t.values(), new Shape(t.shape())));
            }
        });
        if ((ema() || count > 0) && average.size() != tracked.size()) {
            throw new IllegalStateException("the checkpoint's " + kind + " state lacks some of the model's tensors");
        }
    }

    @Override
    public void close() {
        if (manager != null) {
            manager.close();
        }
    }
}
