package dev.graft.core.embed;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OrtException;
import dev.graft.core.GraftVersion;
import dev.graft.core.engine.DeviceSelector;
import dev.graft.core.engine.Engines;
import dev.graft.core.model.Architectures;
import dev.graft.core.model.HeadSpec;
import dev.graft.core.model.ModelDescriptor;
import dev.graft.core.model.ModelStore;
import dev.graft.core.model.TransferModel;
import dev.graft.core.model.TransferModels;
import dev.graft.datasets.DatasetException;
import dev.graft.datasets.image.ImageDecoder;
import dev.graft.datasets.image.ImageTensors;
import dev.graft.datasets.image.Normalization;
import dev.graft.zoo.arch.Architecture;
import dev.graft.zoo.arch.ArchitectureSpec;
import dev.graft.zoo.nn.Layers;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.onnx.OnnxExporter;
import dev.graft.zoo.weights.WeightFiles;
import dev.graft.zoo.weights.WeightImportException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import dev.graft.core.progress.Progress;
import dev.graft.core.progress.ProgressTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Turns images into feature vectors for Java applications: a pretrained backbone cut at a named
 * point, or the trunk of a run Graft trained, on the PyTorch engine or on ONNX Runtime. Images are
 * resized, centre-cropped and normalised as the backbone expects, embedded in batches, and feature
 * maps are averaged to one vector per image. Thread-safe: any number of threads may call it (on
 * ONNX Runtime they run in parallel, on PyTorch they take turns). Close it to free native memory.
 *
 * <pre>{@code
 * try (Embedder embedder = Embedder.builder().optArchitecture("mobilenet_v2")
 *         .optWeights("mobilenet_v2.safetensors").optCut("pool").optEngine(Embedder.Engine.ONNX_RUNTIME).build()) {
 *     float[] vector = embedder.embed(ImageIO.read(new File("lesion.jpg")));
 * }
 * }</pre>
 */
public final class Embedder implements AutoCloseable {

    /** Where the network runs. */
    public enum Engine {
        /** DJL's PyTorch engine (CPU or CUDA). */
        PYTORCH,
        /** ONNX Runtime, on a model Graft exports for the purpose. */
        ONNX_RUNTIME;

        /**
         * Parses {@code pytorch} or {@code onnxruntime}.
         *
         * @param name the name
         * @return the engine
         */
        public static Engine parse(String name) {
            return switch (name.toLowerCase(java.util.Locale.ROOT).replace("-", "").replace("_", "")) {
                case "pytorch" -> PYTORCH;
                case "onnxruntime", "ort", "onnx" -> ONNX_RUNTIME;
                default -> throw new IllegalArgumentException("engine must be pytorch or onnxruntime, got '" + name + "'.");
            };
        }
    }

    private final EmbeddingBackend backend;
    private final int resize;
    private final int side;
    private final Normalization normalization;
    private final int batchSize;
    private final int dimension;

    private Embedder(EmbeddingBackend backend, int resize, int side, Normalization normalization, int batchSize, int dimension) {
        this.backend = backend;
        this.resize = resize;
        this.side = side;
        this.normalization = normalization;
        this.batchSize = batchSize;
        this.dimension = dimension;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the length of each vector */
    public int dimension() {
        return dimension;
    }

    /**
     * Embeds one image.
     *
     * @param image the image, any size, colour or grayscale
     * @return its vector
     */
    public float[] embed(BufferedImage image) {
        return embed(List.of(image))[0];
    }

    /**
     * Embeds images in batches.
     *
     * @param images the images
     * @return one vector per image, in order
     */
    public float[][] embed(List<BufferedImage> images) {
        float[][] vectors = new float[images.size()][];
        int plane = 3 * side * side;
        try (ProgressTask task = Progress.task("embedding " + images.size() + " images", images.size(), "img")) {
        for (int from = 0; from < images.size(); from += batchSize) {
            int count = Math.min(batchSize, images.size() - from);
            float[] batch = new float[count * plane];
            for (int i = 0; i < count; i++) {
                float[] chw = ImageTensors.toChw(ImageTensors.resizeAndCrop(ImageTensors.toRgb(images.get(from + i)), resize, side));
                normalization.apply(chw);
                System.arraycopy(chw, 0, batch, i * plane, plane);
            }
            float[] flat = backend.run(batch, count, side);
            for (int i = 0; i < count; i++) {
                vectors[from + i] = java.util.Arrays.copyOfRange(flat, i * dimension, (i + 1) * dimension);
            }
            task.step(count);
        }
        }
        return vectors;
    }

    /**
     * Embeds image files.
     *
     * @param files the files
     * @return one vector per file, in order
     * @throws DatasetException naming a file that cannot be decoded
     */
    public float[][] embedFiles(List<Path> files) throws DatasetException {
        ImageDecoder decoder = ImageDecoder.standard();
        List<BufferedImage> images = new ArrayList<>();
        try (ProgressTask task = Progress.task("decoding " + files.size() + " images", files.size(), "img")) {
            for (Path file : files) {
                try {
                    images.add(decoder.decode(file));
                } catch (IOException e) {
                    throw new DatasetException(e.getMessage(), e);
                }
                task.step();
            }
        }
        return embed(images);
    }

    /**
     * Embeds encoded images (PNG, JPEG, …), e.g. from an upload.
     *
     * @param encoded the encoded images
     * @return one vector per image, in order
     * @throws DatasetException naming the index of bytes that are not a readable image
     */
    public float[][] embedBytes(List<byte[]> encoded) throws DatasetException {
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < encoded.size(); i++) {
            try {
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded.get(i)));
                if (image == null) {
                    throw new DatasetException("image " + i + " (" + encoded.get(i).length + " bytes) is not in a format Java can read.");
                }
                images.add(image);
            } catch (IOException e) {
                throw new DatasetException("image " + i + " cannot be decoded: " + e.getMessage(), e);
            }
        }
        return embed(images);
    }

    @Override
    public void close() {
        backend.close();
    }

    /** Configures an {@link Embedder}: a backbone, weights and cut, or a run; the engine; the batch size. */
    public static final class Builder {
        private String architecture;
        private String weights;
        private String cut = "pool";
        private Path run;
        private Engine engine = Engine.PYTORCH;
        private int batchSize = 32;
        private int imageSize;
        private String device = "auto";

        private Builder() {}

        /** @param name an architecture from {@code graft zoo list}, or {@code onnx} / {@code onnx-runtime} with an .onnx file as weights ({@code savedmodel} with a SavedModel folder, in a TensorFlow build) @return this */
        public Builder optArchitecture(String name) { architecture = name; return this; }
        /** @param file pretrained weights (file or URL); without them the trunk is randomly initialised @return this */
        public Builder optWeights(String file) { weights = file; return this; }
        /** @param point the cut point (default {@code pool}) @return this */
        public Builder optCut(String point) { cut = point; return this; }
        /** @param dir a run directory: its trained trunk, input size and normalisation @return this */
        public Builder optRun(Path dir) { run = dir; return this; }
        /** @param value where the network runs @return this */
        public Builder optEngine(Engine value) { engine = value; return this; }
        /** @param value images per forward pass @return this */
        public Builder optBatchSize(int value) { batchSize = value; return this; }
        /** @param value the input side (default: the architecture's) @return this */
        public Builder optImageSize(int value) { imageSize = value; return this; }
        /** @param value {@code cpu}, {@code cuda}, … (PyTorch only) @return this */
        public Builder optDevice(String value) { device = value; return this; }

        /**
         * Loads the network.
         *
         * @return the embedder; close it
         * @throws IOException if a run or weights file cannot be read
         * @throws WeightImportException if the weights do not fit the architecture
         */
        public Embedder build() throws IOException, WeightImportException {
            if (batchSize < 1) {
                throw new IllegalArgumentException("the batch size must be positive, got " + batchSize);
            }
            if ((run == null) == (architecture == null)) {
                throw new IllegalArgumentException("give either a run directory or an architecture (with weights and a cut).");
            }
            Engines.usePyTorchOnThisThread();
            NDManager manager = NDManager.newBaseManager(DeviceSelector.select(engine == Engine.PYTORCH ? device : "cpu"), "PyTorch");
            try {
                TransferModel model;
                int side;
                int resizeTo;
                Normalization normalization;
                if (run != null) {
                    ModelStore.Loaded loaded = ModelStore.load(run, manager);
                    ModelDescriptor d = loaded.descriptor();
                    model = loaded.model();
                    side = d.imageSize();
                    resizeTo = d.resize();
                    normalization = new Normalization(d.mean(), d.std());
                } else {
                    Architecture arch = Architectures.resolve(architecture, weights);
                    ArchitectureSpec spec = arch.spec();
                    side = imageSize > 0 ? imageSize : spec.inputSize();
                    resizeTo = Math.round(side * spec.resizeSize() / (float) spec.inputSize());
                    normalization = spec.normalization();
                    model = TransferModels.build(arch, cut, HeadSpec.LINEAR, 2);
                    TransferModels.initialize(model, manager, side);
                    if (weights != null && !arch.selfContained()) {
                        TransferModels.loadTrunk(model, arch, WeightFiles.read(weights));
                    }
                }
                NamedSequential trunk = new NamedSequential();
                model.trunkNames().forEach(name -> trunk.add(name, model.getChildren().get(name)));
                Shape out = trunk.getOutputShapes(new Shape[] {new Shape(1, 3, side, side)})[0];
                if (out.dimension() == 4) {
                    trunk.add("pool", Layers.globalAveragePool());
                }
                int dimension = (int) out.get(1);
                EmbeddingBackend backend;
                if (engine == Engine.PYTORCH) {
                    backend = new PyTorchBackend(manager, model);
                } else {
                    byte[] onnx = OnnxExporter.exportEmbedding(trunk, dimension, new OnnxExporter.Options(side, null, null, 17,
                            GraftVersion.get(), Map.of())).toByteArray();
                    manager.close();
                    backend = new OnnxRuntimeBackend(onnx, "embedding");
                }
                return new Embedder(backend, resizeTo, side, normalization, batchSize, dimension);
            } catch (IOException | WeightImportException | RuntimeException e) {
                manager.close();
                throw e;
            } catch (OrtException e) {
                manager.close();
                throw new IOException("ONNX Runtime cannot load the embedding network: " + e.getMessage(), e);
            }
        }
    }
}
