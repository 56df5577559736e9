package dev.graft.zoo.verify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.graft.datasets.io.Npy;
import dev.graft.zoo.arch.ArchitectureSpec;
import dev.graft.zoo.arch.Backbones;
import dev.graft.zoo.arch.CutPoint;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.datasets.io.NpyArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs every {@code input_N.npy} of a reference folder through a network (inference mode) and
 * compares with {@code output_N.npy}, and, where the folder has them, {@code features_N.npy} with
 * the output of the matching cut point: the check that an imported network computes exactly what
 * its source computed, backbone and head separately.
 */
public final class ReferenceVerifier {

    /** The default largest {@link ParityResult#relDiff()} of logits: float32 rounding across engines. */
    public static final double DEFAULT_TOLERANCE = 1e-5;

    /**
     * The default largest {@link ParityResult#relDiff()} of features. Features pass through the
     * whole trunk and reach larger values (up to 42 in the parity sets), so two correct float32
     * implementations differ more there: PyTorch's own float32 vs float64 difference, relative to
     * max(1, max |features|), is 1e-6 to 1e-5 on the five parity sets, and their suggested
     * absolute tolerances, made relative the same way, 1.2e-5 (densenet121) to 1.7e-4
     * (efficientnet_b0). 1e-4 is about 10× the largest float64 difference; a mis-imported tensor
     * moves the features far more (and the logits, checked at 1e-5, catch the subtler faults).
     */
    public static final double DEFAULT_FEATURE_TOLERANCE = 1e-4;

    private static final Pattern INPUT = Pattern.compile("input_(\\d+)\\.npy");

    private ReferenceVerifier() {}

    /**
     * Verifies a network against a reference folder.
     *
     * @param network the network, initialised and loaded
     * @param manager the manager owning its parameters
     * @param referenceDir the folder of {@code input_N.npy} / {@code output_N.npy} pairs
     * @return one result per pair, in N order
     * @throws IOException if the folder has no pairs or an array cannot be read
     */
    public static List<ParityResult> verify(Block network, NDManager manager, Path referenceDir)
            throws IOException {
        return verify(network, manager, referenceDir, false);
    }

    /**
     * Verifies a network against a reference folder whose image arrays may be channels-last.
     *
     * @param network the network, initialised and loaded
     * @param manager the manager owning its parameters
     * @param referenceDir the folder of {@code input_N.npy} / {@code output_N.npy} pairs
     * @param channelsLast whether arrays of rank 4 and more are NHWC (Keras, TF.js), to be
     *     transposed to the network's NCHW
     * @return one result per pair, in N order
     * @throws IOException if the folder has no pairs or an array cannot be read
     */
    public static List<ParityResult> verify(Block network, NDManager manager, Path referenceDir, boolean channelsLast)
            throws IOException {
        List<ParityResult> results = new ArrayList<>();
        for (Path input : inputs(referenceDir)) {
            Path output = partner(input, "output_");
            if (!Files.isRegularFile(output)) {
                throw new IOException(input + " has no matching " + output.getFileName() + ".");
            }
            results.add(compare(network, manager, input, output, input.getFileName().toString(), channelsLast));
        }
        return results;
    }

    /**
     * Compares every {@code features_N.npy} of a reference folder with the output of a cut point
     * for {@code input_N.npy}: the deepest cut point of the spec whose output has the features'
     * shape (for torchvision's feature map, the last one before pooling).
     *
     * @param spec the architecture's spec, for its cut points
     * @param network the full network, initialised and loaded
     * @param manager the manager owning its parameters
     * @param referenceDir the folder of {@code input_N.npy} / {@code features_N.npy} pairs
     * @return one result per features file, in N order; empty when the folder has none
     * @throws IOException if an array cannot be read, or no cut point gives a features file's shape
     */
    public static List<FeatureParity> verifyFeatures(
            ArchitectureSpec spec, NamedSequential network, NDManager manager, Path referenceDir) throws IOException {
        return verifyFeatures(spec, network, manager, referenceDir, false);
    }

    /**
     * Compares features as {@link #verifyFeatures(ArchitectureSpec, NamedSequential, NDManager, Path)}
     * does, with image arrays that may be channels-last.
     *
     * @param spec the architecture's spec, for its cut points
     * @param network the full network, initialised and loaded
     * @param manager the manager owning its parameters
     * @param referenceDir the folder of {@code input_N.npy} / {@code features_N.npy} pairs
     * @param channelsLast whether arrays of rank 4 and more are NHWC, to be transposed to NCHW
     * @return one result per features file, in N order; empty when the folder has none
     * @throws IOException if an array cannot be read, or no cut point gives a features file's shape
     */
    public static List<FeatureParity> verifyFeatures(ArchitectureSpec spec, NamedSequential network, NDManager manager,
            Path referenceDir, boolean channelsLast) throws IOException {
        List<FeatureParity> results = new ArrayList<>();
        for (Path input : inputs(referenceDir)) {
            Path features = partner(input, "features_");
            if (!Files.isRegularFile(features)) {
                continue;
            }
            Shape inputShape = new Shape(layout(Npy.read(input).shape(), channelsLast));
            Shape featureShape = new Shape(layout(Npy.read(features).shape(), channelsLast));
            CutPoint cut = deepestCutGiving(spec, network, inputShape, featureShape, features);
            results.add(new FeatureParity(cut.name(), compare(Backbones.cut(network, cut), manager, input, features,
                    features.getFileName().toString(), channelsLast)));
        }
        return results;
    }

    /** The deepest cut point whose trunk maps the input shape to the features' shape. */
    private static CutPoint deepestCutGiving(
            ArchitectureSpec spec, NamedSequential network, Shape input, Shape features, Path file) throws IOException {
        List<String> found = new ArrayList<>();
        for (int i = spec.cutPoints().size() - 1; i >= 0; i--) {
            CutPoint cut = spec.cutPoints().get(i);
            Shape out = Backbones.cut(network, cut).getOutputShapes(new Shape[] {input})[0];
            if (out.equals(features)) {
                return cut;
            }
            found.add(0, cut.name() + " " + out);
        }
        throw new IOException(file + " has shape " + features + ", which no cut point of " + spec.name()
                + " gives (" + String.join(", ", found) + "); remove it or pick the matching --arch.");
    }

    /** Runs one input through a block (inference mode) and compares with one expected array. */
    private static ParityResult compare(Block block, NDManager manager, Path input, Path expectedFile, String name,
            boolean channelsLast) throws IOException {
        NpyArray in = Npy.read(input);
        NpyArray out = Npy.read(expectedFile);
        try (NDManager step = manager.newSubManager()) {
            NDArray x = toNetwork(step.create(in.toFloats(), new Shape(in.shape())), channelsLast);
            float[] expected = toNetwork(step.create(out.toFloats(), new Shape(out.shape())), channelsLast).toFloatArray();
            NDArray y = block.forward(new ParameterStore(step, false), new NDList(x), false).singletonOrThrow();
            float[] actual = y.toFloatArray();
            if (actual.length != expected.length) {
                throw new IOException(
                        expectedFile + " has " + expected.length + " values, the network gave "
                                + actual.length + " (shape " + y.getShape() + ").");
            }
            double maxDiff = 0;
            double maxRef = 0;
            for (int i = 0; i < actual.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs((double) actual[i] - expected[i]));
                maxRef = Math.max(maxRef, Math.abs(expected[i]));
            }
            return new ParityResult(name, maxDiff, maxRef);
        }
    }

    private static NDArray toNetwork(NDArray array, boolean channelsLast) {
        return channelsLast ? channelsFirst(array) : array;
    }

    /**
     * A channels-last array of rank 4 or more moved to channels-first ({@code [b, h, w, c]} →
     * {@code [b, c, h, w]}), copied in row-major order; lower ranks unchanged.
     *
     * @param array a Keras / TF.js layout array
     * @return the array in Graft's layout
     */
    public static NDArray channelsFirst(NDArray array) {
        int rank = array.getShape().dimension();
        if (rank < 4) {
            return array;
        }
        int[] axes = new int[rank];
        axes[1] = rank - 1;
        for (int i = 2; i < rank; i++) {
            axes[i] = i - 1;
        }
        NDArray moved = array.transpose(axes);
        // a copy in row-major order: PyTorch's grouped convolution miscomputes channels-last-strided inputs
        return moved.flatten().reshape(moved.getShape());
    }

    private static long[] layout(long[] shape, boolean channelsLast) {
        if (!channelsLast || shape.length < 4) {
            return shape;
        }
        long[] out = new long[shape.length];
        out[0] = shape[0];
        out[1] = shape[shape.length - 1];
        System.arraycopy(shape, 1, out, 2, shape.length - 2);
        return out;
    }

    /** {@code input_N.npy} → {@code <prefix>N.npy} beside it. */
    private static Path partner(Path input, String prefix) {
        return input.resolveSibling(prefix + index(input) + ".npy");
    }

    private static List<Path> inputs(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": no such reference folder.");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> inputs =
                    files.filter(p -> INPUT.matcher(p.getFileName().toString()).matches())
                            .sorted((a, b) -> Integer.compare(index(a), index(b)))
                            .toList();
            if (inputs.isEmpty()) {
                throw new IOException(dir + ": no input_N.npy files.");
            }
            return inputs;
        }
    }

    private static int index(Path input) {
        Matcher m = INPUT.matcher(input.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
