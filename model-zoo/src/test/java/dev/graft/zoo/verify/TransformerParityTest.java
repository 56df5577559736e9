package dev.graft.zoo.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.graft.datasets.io.Npy;
import dev.graft.datasets.io.NpyArray;
import dev.graft.zoo.arch.Architecture;
import dev.graft.zoo.arch.ArchitectureRegistry;
import dev.graft.zoo.arch.Backbones;
import dev.graft.zoo.arch.Networks;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.weights.ImportReport;
import dev.graft.zoo.weights.WeightFiles;
import dev.graft.zoo.weights.WeightLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ConvNeXt and Vision Transformer blocks compute what torchvision 0.14 computes: the parity
 * folders' half-precision weights load strictly by name, every reference input gives the
 * reference logits (rel_diff ≤ 1e-5) and, at the cut point ZOO_PARITY.md names, the reference
 * features (within the folder's suggested tolerance).
 */
class TransformerParityTest {

    private static Path folder(String name) {
        Path path = Path.of(System.getProperty("graft.shared", "../../shared"), "assets", "parity", name).toAbsolutePath().normalize();
        if (!Files.isDirectory(path)) {
            String message = "shared test asset missing: " + path + " (expected ../shared beside the clone)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
        return path;
    }

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({"convnext_small_config, stage4, 5e-5", "vit_small_config, pool, 5e-5"})
    void parityFolder_matchesTorchvisionLogitsAndFeatures(String arch, String cut, double featuresTolerance) throws Exception {
        Path dir = folder(arch);
        Architecture architecture = ArchitectureRegistry.REGISTRY.get(arch);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NamedSequential net = architecture.build(1000);
            Networks.initialize(net, manager, 1, 224);
            ImportReport report = WeightLoader.load(net, WeightFiles.read(dir.resolve("weights.safetensors")));
            assertEquals(architecture.spec().imagenetParameters(), Networks.trainableParameters(net));
            assertTrue(report.toString().length() > 0);

            List<ParityResult> results = ReferenceVerifier.verify(net, manager, dir.resolve("reference"));
            assertEquals(3, results.size());
            for (ParityResult r : results) {
                double rel = r.maxAbsDiff() / r.maxAbsRef();
                System.out.printf("%s %s: max_abs_diff %.3e, rel_diff %.3e%n", arch, r.name(), r.maxAbsDiff(), rel);
                assertTrue(rel <= 1e-5, arch + " " + r.name() + " rel_diff " + rel);
            }

            NamedSequential trunk = Backbones.cut(net, architecture.spec().cut(cut));
            for (int n = 0; n < 3; n++) {
                NpyArray input = Npy.read(dir.resolve("reference/input_" + n + ".npy"));
                NpyArray expected = Npy.read(dir.resolve("reference/features_" + n + ".npy"));
                try (NDManager step = manager.newSubManager()) {
                    NDArray x = step.create(input.toFloats(), new Shape(input.shape()));
                    NDArray y = trunk.forward(new ParameterStore(step, false), new NDList(x), false).singletonOrThrow();
                    assertArrayEquals(expected.shape(), y.getShape().getShape(), arch + " features_" + n + " shape");
                    float[] actual = y.toFloatArray();
                    float[] reference = expected.toFloats();
                    double worst = 0;
                    for (int i = 0; i < actual.length; i++) {
                        worst = Math.max(worst, Math.abs((double) actual[i] - reference[i]));
                    }
                    System.out.printf("%s features_%d at %s: max_abs_diff %.3e (tolerance %.0e)%n", arch, n, cut, worst, featuresTolerance);
                    assertTrue(worst <= featuresTolerance, arch + " features_" + n + " differ by " + worst);
                }
            }
        }
    }
}
