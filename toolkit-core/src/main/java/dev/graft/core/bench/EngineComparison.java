package dev.graft.core.bench;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OrtException;
import dev.graft.core.GraftVersion;
import dev.graft.core.embed.Embedder;
import dev.graft.core.model.HeadSpec;
import dev.graft.core.model.TransferModel;
import dev.graft.core.model.TransferModels;
import dev.graft.core.onnx.FloatSession;
import dev.graft.zoo.weights.WeightImportException;
import dev.graft.zoo.arch.Architecture;
import dev.graft.zoo.onnx.OnnxExporter;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Compares the PyTorch engine with ONNX Runtime on the same network: raw inference of the model
 * Graft exports, and the {@link Embedder} on each engine, whose memory is sampled as it goes.
 *
 * @param rounds timed rounds (the median is reported)
 * @param steps steps per round
 */
public record EngineComparison(int rounds, int steps) {

    /**
     * Inference speed of one exported network on both engines.
     *
     * @param pytorchImagesPerSecond the PyTorch engine's median
     * @param onnxRuntimeImagesPerSecond ONNX Runtime's median
     */
    public record Inference(double pytorchImagesPerSecond, double onnxRuntimeImagesPerSecond) {}

    /**
     * An embedder's throughput and memory.
     *
     * @param engine the engine
     * @param images how many images were embedded
     * @param imagesPerSecond throughput, including resizing and normalisation in Java
     * @param residentMegabytes the process's resident memory after each tenth of the images
     */
    public record Embedding(Embedder.Engine engine, int images, double imagesPerSecond, double[] residentMegabytes) {}

    /**
     * Times inference of a randomly initialised classifier on PyTorch and of its ONNX export on
     * ONNX Runtime, on the same random batch.
     *
     * @param architecture the architecture
     * @param imageSize the input side
     * @param batchSize images per batch
     * @return the figures
     * @throws OrtException if ONNX Runtime cannot run the export
     * @throws WeightImportException if the export fails the checks made before ONNX Runtime loads a model
     */
    public Inference inference(Architecture architecture, int imageSize, int batchSize) throws OrtException, WeightImportException {
        float[] pixels = new float[batchSize * 3 * imageSize * imageSize];
        Random random = new Random(1);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        byte[] onnx;
        double torch;
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TransferModel model = TransferModels.build(architecture, "pool", HeadSpec.LINEAR, 2);
            TransferModels.initialize(model, manager, imageSize);
            model.freezeFirst(model.trunkNames().size());
            onnx = OnnxExporter.export(model, 2, new OnnxExporter.Options(imageSize, null, null, 17, GraftVersion.get(), Map.of()))
                    .toByteArray();
            torch = median(() -> {
                try (NDManager scope = manager.newSubManager()) {
                    NDList input = new NDList(scope.create(pixels, new Shape(batchSize, 3, imageSize, imageSize)).duplicate());
                    model.forward(new ParameterStore(scope, false), input, false).singletonOrThrow().toFloatArray();
                }
            }, batchSize);
        }
        try (FloatSession session = new FloatSession(onnx, "probabilities", "the benchmark network")) {
            double ort = median(() -> {
                try {
                    session.run(pixels, batchSize, imageSize);
                } catch (OrtException e) {
                    throw new IllegalStateException(e);
                }
            }, batchSize);
            return new Inference(torch, ort);
        }
    }

    /**
     * Embeds {@code count} images (cycling through 32 random ones of {@code sourceSide}²) and
     * samples resident memory after every tenth.
     *
     * @param embedder the embedder
     * @param engine its engine, for the report
     * @param count how many images
     * @param batchSize images per call
     * @param sourceSide the side of the generated source images
     * @return the figures
     */
    public static Embedding embedding(Embedder embedder, Embedder.Engine engine, int count, int batchSize, int sourceSide) {
        List<BufferedImage> pool = new ArrayList<>();
        Random random = new Random(2);
        for (int i = 0; i < 32; i++) {
            BufferedImage image = new BufferedImage(sourceSide, sourceSide, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < sourceSide; y++) {
                for (int x = 0; x < sourceSide; x++) {
                    image.setRGB(x, y, random.nextInt(0x1000000));
                }
            }
            pool.add(image);
        }
        embedder.embed(pool.subList(0, Math.min(batchSize, pool.size())));
        double[] memory = new double[10];
        int done = 0;
        long start = System.nanoTime();
        while (done < count) {
            List<BufferedImage> batch = new ArrayList<>();
            for (int i = 0; i < Math.min(batchSize, count - done); i++) {
                batch.add(pool.get((done + i) % pool.size()));
            }
            embedder.embed(batch);
            int before = done * 10 / count;
            done += batch.size();
            for (int tenth = before; tenth < done * 10 / count && tenth < 10; tenth++) {
                memory[tenth] = ProcessMemory.residentMegabytes();
            }
        }
        return new Embedding(engine, count, count / ((System.nanoTime() - start) / 1e9), memory);
    }

    private double median(Runnable step, int batchSize) {
        return Timing.median(step, batchSize, rounds, steps);
    }
}
