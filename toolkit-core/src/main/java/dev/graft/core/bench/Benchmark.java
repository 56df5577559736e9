package dev.graft.core.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.graft.core.model.HeadSpec;
import dev.graft.core.model.TransferModel;
import dev.graft.core.model.TransferModels;
import dev.graft.core.train.Optimizer;
import dev.graft.core.train.OptimizerKind;
import dev.graft.core.train.TrainingStep;
import dev.graft.zoo.arch.Architecture;

/**
 * Measures training and inference throughput the way {@code ../shared/bench/pytorch_peer.py}
 * does (random weights and inputs, SGD with momentum, two warm-up steps, then the median of
 * several timed rounds), plus training on cached frozen features and peak memory.
 *
 * @param rounds timed rounds
 * @param steps steps per round
 */
public record Benchmark(int rounds, int steps) {

    /**
     * Runs the benchmark.
     *
     * @param architecture the architecture
     * @param imageSize the input side
     * @param batchSize images per step
     * @param freeze {@code none}, {@code all} or a cut point
     * @return the figures
     */
    public BenchmarkResult run(Architecture architecture, int imageSize, int batchSize, String freeze) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TransferModel model = TransferModels.build(architecture, "pool", HeadSpec.LINEAR, 2);
            TransferModels.initialize(model, manager, imageSize);
            int frozen = TransferModels.frozenModules(model, architecture.spec(), freeze);
            model.freezeFirst(frozen);
            Optimizer optimizer = new Optimizer(OptimizerKind.SGD, 0, 0, 0, manager);
            TrainingStep step = new TrainingStep(model, optimizer, new float[] {1, 1}, 0, 1, 1);
            NDArray images = manager.randomNormal(new Shape(batchSize, 3, imageSize, imageSize));
            NDArray labels = manager.randomInteger(0, 2, new Shape(batchSize), ai.djl.ndarray.types.DataType.INT32);
            double train = median(() -> {
                try (NDManager scope = manager.newSubManager()) {
                    ParameterStore store = new ParameterStore(scope, false);
                    NDArray features = model.forwardFrozen(store, new NDList(inScope(images, scope))).singletonOrThrow();
                    step.run(store, scope, features, inScope(labels, scope), 0.01f, loss -> { });
                }
            }, batchSize);
            double infer = median(() -> {
                try (NDManager scope = manager.newSubManager()) {
                    model.forward(new ParameterStore(scope, false), new NDList(inScope(images, scope)), false).singletonOrThrow().toFloatArray();
                }
            }, batchSize);
            double cached = 0;
            if (frozen > 0) {
                NDArray features;
                try (NDManager scope = manager.newSubManager()) {
                    features = model.forwardFrozen(new ParameterStore(scope, false), new NDList(images)).singletonOrThrow();
                    features.attach(manager);
                }
                cached = median(() -> {
                    try (NDManager scope = manager.newSubManager()) {
                        step.run(new ParameterStore(scope, false), scope, inScope(features, scope), inScope(labels, scope), 0.01f, loss -> { });
                    }
                }, batchSize);
            }
            return new BenchmarkResult(architecture.spec().name(), imageSize, batchSize, freeze, train, infer, cached, ProcessMemory.peakResidentMegabytes());
        }
    }

    /** Results of an operation attach to its first operand's manager: copy inputs into the step's scope. */
    private static NDArray inScope(NDArray array, NDManager scope) {
        NDArray copy = array.duplicate();
        copy.attach(scope);
        return copy;
    }

    private double median(Runnable step, int batchSize) {
        return Timing.median(step, batchSize, rounds, steps);
    }
}
