package dev.graft.core.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.graft.core.GraftVersion;
import dev.graft.core.engine.DeviceSelector;
import dev.graft.core.engine.Engines;
import dev.graft.core.metric.OperatingPoint;
import dev.graft.core.model.ModelDescriptor;
import dev.graft.core.model.MetadataHead;
import dev.graft.core.model.ModelStore;
import dev.graft.core.model.MultiTaskLayout;
import dev.graft.core.model.TaskBranches;
import dev.graft.core.model.TransferModel;
import dev.graft.datasets.image.Normalization;
import dev.graft.datasets.io.AtomicFiles;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.onnx.OnnxExporter;
import dev.graft.zoo.onnx.proto.Onnx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code graft export}: writes a run's model as ONNX with its labels, input size, normalisation,
 * decision threshold and Graft version as metadata, then proves it: the same inputs go through
 * the PyTorch engine and ONNX Runtime, and the export fails if any output differs by more than
 * {@link #TOLERANCE}. The file is written to a temporary name and renamed only once it passes.
 */
public final class RunExport {

    /** The largest absolute difference between engines an export may show. */
    public static final double TOLERANCE = 1e-4;

    private static final com.fasterxml.jackson.databind.ObjectMapper COMPACT = new com.fasterxml.jackson.databind.ObjectMapper();

    private RunExport() {}

    /**
     * What an export did.
     *
     * @param file the ONNX file
     * @param bytes its size
     * @param maxAbsDifference the largest output difference between PyTorch and ONNX Runtime
     * @param metadata the metadata written
     */
    public record Result(Path file, long bytes, double maxAbsDifference, Map<String, String> metadata) {}

    /**
     * Exports and checks a run.
     *
     * @param run the run directory
     * @param out the ONNX file to write
     * @param opset the opset version
     * @param withPreprocessing whether the graph normalises 0–1 RGB pixels itself
     * @return what was written and measured
     * @throws IOException if the run cannot be read, the file cannot be written, or parity fails
     * @throws IllegalArgumentException if the file is one of a run's own files other than {@code model.onnx}
     */
    public static Result export(Path run, Path out, int opset, boolean withPreprocessing) throws IOException {
        dev.graft.core.run.RunDirectory.refuseOwnFile(out, "model.onnx", "the export");
        Engines.usePyTorchOnThisThread();
        try (NDManager manager = NDManager.newBaseManager(DeviceSelector.select("cpu"), "PyTorch")) {
            ModelStore.Loaded loaded = ModelStore.load(run, manager);
            ModelDescriptor d = loaded.descriptor();
            Map<String, String> metadata = metadata(d, withPreprocessing);
            OnnxExporter.Options options = new OnnxExporter.Options(d.imageSize(),
                    withPreprocessing ? d.mean() : null, withPreprocessing ? d.std() : null, opset, GraftVersion.get(), metadata);
            Onnx.ModelProto model = d.multiTask() != null ? exportMultiTask(loaded.model(), d.multiTask(), options)
                    : d.metadata() != null ? exportWithMetadata(loaded.model(), d.classNames().size(), options)
                    : OnnxExporter.export(loaded.model(), d.classNames().size(), options);
            Path candidate = out.resolveSibling(out.getFileName() + ".checking");
            AtomicFiles.write(candidate, model.toByteArray());
            try {
                double worst = 0;
                int[] batches = {4, 1};
                try (dev.graft.core.progress.ProgressTask task = dev.graft.core.progress.Progress.task(
                        "checking ONNX parity on PyTorch and ONNX Runtime", batches.length, "batch")) {
                    for (int batch : batches) {
                        worst = Math.max(worst, parity(loaded, candidate, batch, withPreprocessing, manager));
                        task.step();
                    }
                }
                if (!(worst <= TOLERANCE)) {
                    throw new IOException(String.format(java.util.Locale.ROOT,
                            "the ONNX export of %s differs from the PyTorch model by %.3g (limit %.0e); nothing was written.",
                            run, worst, TOLERANCE));
                }
                java.nio.file.Files.move(candidate, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return new Result(out, java.nio.file.Files.size(out), worst, metadata);
            } finally {
                java.nio.file.Files.deleteIfExists(candidate);
            }
        }
    }

    /** Feeds the same random pixels through both engines; returns the largest output difference. */
    private static double parity(ModelStore.Loaded loaded, Path onnx, int batch, boolean withPreprocessing, NDManager manager)
            throws IOException {
        ModelDescriptor d = loaded.descriptor();
        int side = d.imageSize();
        long[] shape = {batch, 3, side, side};
        float[] pixels = new float[batch * 3 * side * side];
        Random random = new Random(batch);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        float[] normalized = new float[pixels.length];
        Normalization normalization = new Normalization(d.mean(), d.std());
        int size = 3 * side * side;
        for (int b = 0; b < batch; b++) {
            System.arraycopy(normalization.apply(java.util.Arrays.copyOfRange(pixels, b * size, (b + 1) * size)), 0, normalized, b * size, size);
        }
        int width = d.metadataWidth();
        float[] metadata = new float[batch * width];
        for (int i = 0; i < metadata.length; i++) {
            metadata[i] = (float) random.nextGaussian();
        }
        float[][] expected;
        try (NDManager scope = manager.newSubManager()) {
            NDArray input = scope.create(normalized, new Shape(shape));
            NDList inputs = width == 0 ? new NDList(input) : new NDList(input, scope.create(metadata, new Shape(batch, width)));
            NDList logits = loaded.model().forward(new ParameterStore(scope, false), inputs, false);
            List<float[]> outputs = new java.util.ArrayList<>();
            for (int o = 0; o < logits.size(); o++) {
                MultiTaskLayout.Task task = d.multiTask() == null ? null : d.multiTask().tasks().get(o);
                if (task != null && task.regression()) {
                    float[] value = logits.get(o).toFloatArray();
                    for (int i = 0; i < value.length; i++) {
                        value[i] = (float) (value[i] * task.std() + task.mean());
                    }
                    outputs.add(value);
                    continue;
                }
                outputs.add(logits.get(o).toFloatArray());
                outputs.add(logits.get(o).softmax(1).toFloatArray());
            }
            expected = outputs.toArray(new float[0][]);
        }
        float[] image = withPreprocessing ? pixels : normalized;
        return width == 0 ? OnnxParity.maxAbsDifference(onnx, image, shape, expected)
                : OnnxParity.maxAbsDifference(onnx, List.of(image, metadata), List.of(shape, new long[] {batch, width}), expected);
    }

    /**
     * A model whose head reads metadata: inputs {@code image} and {@code metadata}; the trunk and the
     * head's pooling run on the image, the head's layers after the join on the joined vector.
     */
    private static Onnx.ModelProto exportWithMetadata(TransferModel model, int classes, OnnxExporter.Options options) {
        MetadataHead head = (MetadataHead) model.head();
        NamedSequential imagePart = new NamedSequential();
        model.trunkNames().forEach(name -> imagePart.add(name, model.getChildren().get(name)));
        if (!head.imageOnlyNames().isEmpty()) {
            NamedSequential pooling = new NamedSequential();
            head.imageOnlyNames().forEach(name -> pooling.add(name, head.child(name)));
            imagePart.add(TransferModel.HEAD, pooling);
        }
        NamedSequential joined = new NamedSequential();
        head.joinedNames().forEach(name -> joined.add(name, head.child(name)));
        return OnnxExporter.exportWithMetadata(imagePart, joined, TransferModel.HEAD, head.width(), classes, options);
    }

    /** One shared trunk, then per task its branch (trunk copies and head): outputs {@code <task>.logits}, {@code <task>.probabilities}. */
    private static Onnx.ModelProto exportMultiTask(TransferModel model, MultiTaskLayout layout, OnnxExporter.Options options) {
        NamedSequential trunk = new NamedSequential();
        model.trunkNames().forEach(name -> trunk.add(name, model.getChildren().get(name)));
        TaskBranches branches = (TaskBranches) model.head();
        Map<String, Block> heads = new LinkedHashMap<>();
        Map<String, Integer> widths = new LinkedHashMap<>();
        Map<String, double[]> regression = new LinkedHashMap<>();
        for (MultiTaskLayout.Task task : layout.tasks()) {
            heads.put(task.name(), branches.branch(task.name()));
            widths.put(task.name(), task.outputs());
            if (task.regression()) {
                regression.put(task.name(), new double[] {task.mean(), task.std()});
            }
        }
        return OnnxExporter.exportMultiTask(trunk, heads, widths, regression, options);
    }

    private static Map<String, String> metadata(ModelDescriptor d, boolean withPreprocessing) throws IOException {
        OperatingPoint point = d.operatingPoint();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("graft.version", GraftVersion.get());
        m.put("graft.arch", d.arch());
        m.put("graft.cut", d.cut());
        m.put("graft.labels", COMPACT.writeValueAsString(d.classNames()));
        m.put("graft.input_size", Integer.toString(d.imageSize()));
        m.put("graft.resize", Integer.toString(d.resize()));
        m.put("graft.mean", COMPACT.writeValueAsString(d.mean()));
        m.put("graft.std", COMPACT.writeValueAsString(d.std()));
        m.put("graft.input", withPreprocessing
                ? "RGB pixels in [0, 1], NCHW, resized to graft.resize on the shorter side and centre-cropped to graft.input_size"
                : "RGB pixels in [0, 1] normalised as (x - graft.mean) / graft.std per channel, NCHW, resized and centre-cropped");
        if (d.metadata() != null) {
            m.put("graft.inputs", "image,metadata");
            m.put("graft.input", "image: " + m.get("graft.input") + "; metadata: float [N, " + d.metadataWidth()
                    + "], the columns of graft.metadata encoded in order (numeric: (x - mean) / std then a missing indicator,"
                    + " missing reads 0 with indicator 1; categorical: one-hot over vocabulary then one slot for missing or unseen)");
            m.put("graft.metadata", COMPACT.writeValueAsString(d.metadata()));
            m.put("graft.metadata_features", COMPACT.writeValueAsString(d.metadata().featureNames()));
        }
        MultiTaskLayout layout = d.multiTask();
        if (layout == null) {
            m.put("graft.outputs", "logits,probabilities");
        } else {
            Map<String, List<String>> labels = new LinkedHashMap<>();
            layout.tasks().forEach(t -> labels.put(t.name(), t.classNames()));
            m.put("graft.tasks", COMPACT.writeValueAsString(labels));
            m.put("graft.main_task", layout.mainTask().name());
            m.put("graft.outputs", String.join(",", layout.tasks().stream().flatMap(t -> t.regression()
                    ? java.util.stream.Stream.of(t.name() + ".value")
                    : java.util.stream.Stream.of(t.name() + ".logits", t.name() + ".probabilities")).toList()));
        }
        m.put("graft.decision", point.rule());
        if (point.positive() >= 0) {
            m.put("graft.positive_class", d.classNames().get(point.positive()));
            m.put("graft.threshold", Double.toString(point.threshold()));
        }
        return m;
    }
}
