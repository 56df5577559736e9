package dev.graft.zoo.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.datasets.io.Npy;
import dev.graft.datasets.io.NpyArray;
import dev.graft.zoo.arch.ArchitectureRegistry;
import dev.graft.zoo.arch.Backbones;
import dev.graft.zoo.arch.PretrainedNetwork;
import dev.graft.zoo.nn.NamedSequential;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * torchvision-named half-precision weights from {@code ../shared/assets/parity} reproduce
 * torchvision's logits ({@code output_N.npy}, max |diff| / max |ref| ≤ 1e-5) and, at the cut point whose
 * module torchvision's {@code features_N.npy} ends with, its features (within the folder's
 * {@code meta.json} suggested tolerance), loaded as {@code graft zoo verify} loads them.
 */
class ZooParityTest {

    private static final double REL_DIFF = 1e-5;

    @ParameterizedTest(name = "{0} from {1}/{2} against {3}, features at {4}")
    @CsvSource({
        "efficientnet_b0, efficientnet_b0, weights.safetensors, reference, head",
        "efficientnet_b0, efficientnet_b0, weights_bf16.safetensors, reference_bf16, head",
        "mobilenet_v3_large, mobilenet_v3_large, weights.safetensors, reference, head",
        "convnext_small_config, convnext_small_config, weights.safetensors, reference, stage4",
        "vit_small_config, vit_small_config, weights.safetensors, reference, pool"
    })
    void weights_reproduceTorchvisionLogitsAndFeatures(String arch, String folder, String weights, String reference, String cut)
            throws Exception {
        Path file = ParityAssets.require(folder + "/" + weights);
        Path references = ParityAssets.require(folder + "/" + reference);
        double featureTolerance = new ObjectMapper().readTree(ParityAssets.require(folder + "/meta.json").toFile())
                .path("suggested_tolerance").path("features_atol").asDouble(Double.NaN);
        assertTrue(featureTolerance > 0, folder + "/meta.json names no suggested_tolerance.features_atol");
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            PretrainedNetwork loaded = PretrainedNetwork.load(ArchitectureRegistry.REGISTRY.get(arch), file.toString(), manager);
            List<ParityResult> outputs = ReferenceVerifier.verify(loaded.network(), manager, references);
            assertEquals(3, outputs.size(), references + " holds three references");
            for (ParityResult r : outputs) {
                // stricter than ParityResult.relDiff (which divides by at least 1): MobileNetV3's logits are below 0.1
                double rel = r.maxAbsDiff() / r.maxAbsRef();
                System.out.printf(Locale.ROOT, "%s %s/%s %s: max_abs_diff=%.3e max_abs_ref=%.3e diff/ref=%.3e%n", arch, folder, weights,
                        r.name(), r.maxAbsDiff(), r.maxAbsRef(), rel);
                assertTrue(rel <= REL_DIFF, String.format(Locale.ROOT, "%s %s %s: logits max_abs_diff / max_abs_ref %.3e > %.0e", arch,
                        weights, r.name(), rel, REL_DIFF));
            }
            NamedSequential trunk = Backbones.cut(loaded.network(), loaded.spec().cut(cut));
            for (int n = 0; n < outputs.size(); n++) {
                double diff = featureDifference(trunk, manager, references.resolve("input_" + n + ".npy"),
                        references.resolve("features_" + n + ".npy"));
                System.out.printf(Locale.ROOT, "%s %s/%s features_%d at %s: max_abs_diff=%.3e (atol %.0e)%n", arch, folder, weights, n,
                        cut, diff, featureTolerance);
                assertTrue(diff <= featureTolerance, String.format(Locale.ROOT, "%s %s features_%d at %s: max_abs_diff %.3e > %.0e",
                        arch, weights, n, cut, diff, featureTolerance));
            }
        }
    }

    /** Runs one input through the trunk; returns the largest absolute difference from the reference features. */
    private static double featureDifference(NamedSequential trunk, NDManager manager, Path input, Path features) throws Exception {
        NpyArray in = Npy.read(input);
        NpyArray expected = Npy.read(features);
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.create(in.toFloats(), new Shape(in.shape()));
            NDArray y = trunk.forward(new ParameterStore(step, false), new NDList(x), false).singletonOrThrow();
            assertArrayEquals(expected.shape(), y.getShape().getShape(), features + ": shape");
            float[] actual = y.toFloatArray();
            float[] reference = expected.toFloats();
            double worst = 0;
            for (int i = 0; i < actual.length; i++) {
                worst = Math.max(worst, Math.abs((double) actual[i] - reference[i]));
            }
            return worst;
        }
    }
}
