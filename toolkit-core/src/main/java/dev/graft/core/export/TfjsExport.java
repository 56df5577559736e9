package dev.graft.core.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.GraftVersion;
import dev.graft.core.engine.DeviceSelector;
import dev.graft.core.engine.Engines;
import dev.graft.core.metric.OperatingPoint;
import dev.graft.core.model.ModelDescriptor;
import dev.graft.core.model.ModelStore;
import dev.graft.core.run.RunDirectory;
import dev.graft.datasets.image.Normalization;
import dev.graft.zoo.keras.TfjsExporter;
import dev.graft.zoo.keras.TfjsLayersModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/**
 * {@code graft export --format tfjs}: writes a single-task classification run as a TensorFlow.js
 * layers model ({@code model.json} + float32 shards) that takes RGB pixels in [0, 1], NHWC,
 * normalises them itself and outputs the class probabilities {@code graft predict} reports; the
 * run's labels and preprocessing go into {@code userDefinedMetadata.graft}. When Node and {@code
 * @tensorflow/tfjs} are available ({@link TfjsNode}) the export is proven: the same random pixels
 * go through Graft and TensorFlow.js, and nothing is kept if any probability differs by more than
 * {@link RunExport#TOLERANCE}. The files are written into a temporary folder beside the target and
 * moved into place once checked, shards first, {@code model.json} last; shards an earlier export left
 * there are removed.
 */
public final class TfjsExport {

    /** Images in the parity batch. */
    private static final int BATCH = 3;

    private TfjsExport() {}

    /**
     * What an export did.
     *
     * @param dir the folder written
     * @param files the files written, {@code model.json} last
     * @param bytes their total size
     * @param maxAbsDifference the largest probability difference between Graft and TensorFlow.js, or NaN when not checked
     * @param skipped why the check did not run, or {@code null} when it did
     * @param metadata the user-defined metadata written
     */
    public record Result(Path dir, List<Path> files, long bytes, double maxAbsDifference, String skipped, ObjectNode metadata) {}

    /**
     * Exports a run and checks it in TensorFlow.js where Node and the package are available.
     *
     * @param run the run directory
     * @param out the folder to write (created if absent)
     * @return what was written and measured
     * @throws IOException if the run cannot be read, the files cannot be written, or the check fails
     * @throws IllegalArgumentException if {@code out} is a file or the run folder itself
     * @throws UnsupportedOperationException if the run is multi-task or has a block with no Keras layer mapping
     */
    public static Result export(Path run, Path out) throws IOException {
        RunDirectory.refuseOwnFile(out.resolve(TfjsLayersModel.MODEL_JSON), null, "the TensorFlow.js export");
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("out " + out + " is a file; the TensorFlow.js export writes a folder (model.json + shards).");
        }
        Engines.usePyTorchOnThisThread();
        try (NDManager manager = NDManager.newBaseManager(DeviceSelector.select("cpu"), "PyTorch")) {
            ModelStore.Loaded loaded = ModelStore.load(run, manager);
            ModelDescriptor d = loaded.descriptor();
            if (d.multiTask() != null) {
                throw new UnsupportedOperationException("the TensorFlow.js export writes single-task classifiers; " + run
                        + " is a multi-task run; use --format onnx.");
            }
            if (d.metadata() != null) {
                throw new UnsupportedOperationException("the TensorFlow.js export writes image-only classifiers; " + run
                        + " reads metadata " + d.metadata().names() + " beside the image; use --format onnx (inputs image and metadata).");
            }
            TfjsLayersModel model = TfjsExporter.export(loaded.model(), d.classNames().size(),
                    new TfjsExporter.Options(d.imageSize(), d.mean(), d.std()));
            ObjectNode metadata = metadata(d);
            Path absolute = out.toAbsolutePath().normalize();
            Files.createDirectories(absolute.getParent());
            Path candidate = Files.createTempDirectory(absolute.getParent(), absolute.getFileName() + ".checking");
            try {
                List<Path> written = model.write(candidate, "graft " + GraftVersion.get(), metadata);
                Optional<String> missing = TfjsNode.missing();
                double worst = Double.NaN;
                if (missing.isEmpty()) {
                    worst = parity(loaded, candidate, manager);
                    if (!(worst <= RunExport.TOLERANCE)) {
                        throw new IOException(String.format(java.util.Locale.ROOT,
                                "the TensorFlow.js export of %s differs from the Graft model by %.3g (limit %.0e); nothing was written.",
                                run, worst, RunExport.TOLERANCE));
                    }
                }
                List<Path> files = publish(candidate, written, absolute);
                long bytes = 0;
                for (Path f : files) {
                    bytes += Files.size(f);
                }
                return new Result(out, files, bytes, worst, missing.orElse(null), metadata);
            } finally {
                delete(candidate);
            }
        }
    }

    /** Feeds the same random pixels through Graft and TensorFlow.js; returns the largest probability difference. */
    private static double parity(ModelStore.Loaded loaded, Path dir, NDManager manager) throws IOException {
        ModelDescriptor d = loaded.descriptor();
        int side = d.imageSize();
        int size = 3 * side * side;
        float[] nchw = new float[BATCH * size];
        Random random = new Random(side);
        for (int i = 0; i < nchw.length; i++) {
            nchw[i] = random.nextFloat();
        }
        Normalization normalization = new Normalization(d.mean(), d.std());
        float[] normalized = new float[nchw.length];
        for (int b = 0; b < BATCH; b++) {
            System.arraycopy(normalization.apply(java.util.Arrays.copyOfRange(nchw, b * size, (b + 1) * size)), 0, normalized, b * size, size);
        }
        float[] expected;
        try (NDManager scope = manager.newSubManager()) {
            NDArray input = scope.create(normalized, new Shape(BATCH, 3, side, side));
            NDList logits = loaded.model().forward(new ParameterStore(scope, false), new NDList(input), false);
            expected = logits.singletonOrThrow().softmax(1).toFloatArray();
        }
        TfjsNode.Prediction actual = TfjsNode.predict(dir, toNhwc(nchw, BATCH, side), new long[] {BATCH, side, side, 3});
        if (actual.output().length != expected.length) {
            throw new IOException("TensorFlow.js gave " + actual.output().length + " values for " + dir + ", expected " + expected.length);
        }
        return maxAbsDifference(expected, actual.output());
    }

    /**
     * Reorders images from NCHW to NHWC.
     *
     * @param nchw the values
     * @param batch the number of images
     * @param side their side
     * @return the same values, NHWC
     */
    public static float[] toNhwc(float[] nchw, int batch, int side) {
        float[] nhwc = new float[nchw.length];
        int plane = side * side;
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < plane; p++) {
                    nhwc[(b * plane + p) * 3 + c] = nchw[(b * 3 + c) * plane + p];
                }
            }
        }
        return nhwc;
    }

    /**
     * The largest absolute difference of two equally long arrays.
     *
     * @param a one
     * @param b the other
     * @return the largest {@code |a[i] − b[i]|} (NaN if any value is NaN)
     */
    public static double maxAbsDifference(float[] a, float[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double diff = Math.abs((double) a[i] - b[i]);
            worst = Double.isNaN(diff) ? Double.NaN : Math.max(worst, diff);
            if (Double.isNaN(worst)) {
                return worst;
            }
        }
        return worst;
    }

    /** Moves the checked files into the target folder (shards first, model.json last) and drops shards left by an earlier export. */
    private static List<Path> publish(Path candidate, List<Path> written, Path out) throws IOException {
        if (!Files.exists(out)) {
            Files.move(candidate, out, StandardCopyOption.ATOMIC_MOVE);
            return written.stream().map(f -> out.resolve(f.getFileName())).toList();
        }
        List<Path> files = new java.util.ArrayList<>();
        for (Path f : written) {
            files.add(Files.move(f, out.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING));
        }
        try (Stream<Path> old = Files.list(out)) {
            for (Path stale : old.filter(p -> p.getFileName().toString().matches("group1-shard\\d+of\\d+\\.bin") && !files.contains(p)).toList()) {
                Files.delete(stale);
            }
        }
        return files;
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static ObjectNode metadata(ModelDescriptor d) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ObjectNode m = root.putObject("graft");
        m.put("version", GraftVersion.get()).put("arch", d.arch()).put("cut", d.cut());
        d.classNames().forEach(m.putArray("labels")::add);
        m.put("input_size", d.imageSize()).put("resize", d.resize());
        for (float v : d.mean()) {
            m.withArray("mean").add(v);
        }
        for (float v : d.std()) {
            m.withArray("std").add(v);
        }
        m.put("layout", "NHWC").put("channels", "RGB");
        m.putArray("value_range").add(0).add(1);
        m.put("input", "input: [batch, input_size, input_size, 3] float32, RGB pixels in [0, 1] (divide 8-bit values by 255), NHWC,"
                + " the image resized to `resize` on its shorter side (bilinear) and centre-cropped to input_size");
        m.put("normalization", "inside the model: its first layer, '" + TfjsExporter.NORMALIZE + "', computes (x - mean) / std per channel;"
                + " do not normalise again");
        m.put("output", TfjsExporter.OUTPUT + ": [batch, labels] softmax probabilities, as graft predict reports them");
        OperatingPoint point = d.operatingPoint();
        m.put("decision", point.rule());
        if (point.positive() >= 0) {
            m.put("positive_class", d.classNames().get(point.positive()));
            m.put("threshold", point.threshold());
        }
        return root;
    }
}
