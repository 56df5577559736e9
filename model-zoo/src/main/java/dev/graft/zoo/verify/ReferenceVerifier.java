package dev.graft.zoo.verify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.graft.datasets.io.Npy;
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
 * compares with {@code output_N.npy}: the check that an imported network computes exactly what
 * its source computed.
 */
public final class ReferenceVerifier {

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
        List<Path> inputs = inputs(referenceDir);
        List<ParityResult> results = new ArrayList<>();
        for (Path input : inputs) {
            Matcher m = INPUT.matcher(input.getFileName().toString());
            m.matches();
            Path output = referenceDir.resolve("output_" + m.group(1) + ".npy");
            if (!Files.isRegularFile(output)) {
                throw new IOException(input + " has no matching " + output.getFileName() + ".");
            }
            NpyArray in = Npy.read(input);
            float[] expected = Npy.read(output).toFloats();
            try (NDManager step = manager.newSubManager()) {
                NDArray x = step.create(in.toFloats(), new Shape(in.shape()));
                NDArray y =
                        network.forward(new ParameterStore(step, false), new NDList(x), false)
                                .singletonOrThrow();
                float[] actual = y.toFloatArray();
                if (actual.length != expected.length) {
                    throw new IOException(
                            output + " has " + expected.length + " values, the network gave "
                                    + actual.length + " (shape " + y.getShape() + ").");
                }
                double maxDiff = 0;
                double maxRef = 0;
                for (int i = 0; i < actual.length; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs((double) actual[i] - expected[i]));
                    maxRef = Math.max(maxRef, Math.abs(expected[i]));
                }
                results.add(new ParityResult(input.getFileName().toString(), maxDiff, maxRef));
            }
        }
        return results;
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
