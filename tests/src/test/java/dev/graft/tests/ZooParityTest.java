package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.zoo.arch.ArchitectureRegistry;
import dev.graft.zoo.arch.PretrainedNetwork;
import dev.graft.zoo.verify.FeatureParity;
import dev.graft.zoo.verify.ParityFolder;
import dev.graft.zoo.verify.ParityResult;
import dev.graft.zoo.verify.ReferenceVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The zoo's architectures compute torchvision's function: each parity folder's torchvision-named
 * weights (random, half precision where the file is safetensors) reproduce its reference logits
 * within 1e-5 relative and its {@code features_N.npy}, at the cut point with their shape, within
 * the folder's suggested absolute tolerance and {@link ReferenceVerifier#DEFAULT_FEATURE_TOLERANCE}
 * relative. One row per parity folder and weights file.
 */
class ZooParityTest {

    @ParameterizedTest(name = "{0} from {1}/{2}")
    @CsvSource({
        "densenet121, parity/densenet121, weights.safetensors, reference, features",
        "resnet18, parity/resnet18, weights.pth, reference, ''",
    })
    void weights_reproduceReferenceLogitsAndFeatures(String arch, String folder, String weightsFile, String referenceDir,
            String featureCut) throws Exception {
        Path parity = SharedAssets.require(folder);
        Path weights = parity.resolve(weightsFile);
        Path reference = parity.resolve(referenceDir);
        assertEquals(reference, ParityFolder.referenceDir(weights.toString(), null), "reference folder found from the weights");
        assertEquals(reference, ParityFolder.referenceDir(weights.toString(), parity), "reference folder found in the parity folder");
        assertEquals(arch, ParityFolder.architectureName(reference).orElseThrow(), "meta.json names the architecture");
        JsonNode tolerance = new ObjectMapper().readTree(parity.resolve(ParityFolder.META).toFile()).path("suggested_tolerance");
        double outputAtol = tolerance.has("output_atol") ? tolerance.get("output_atol").asDouble() : tolerance.get("atol").asDouble();
        long featureFiles;
        try (Stream<Path> files = Files.list(reference)) {
            featureFiles = files.filter(p -> p.getFileName().toString().startsWith("features_")).count();
        }
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            PretrainedNetwork loaded = PretrainedNetwork.load(ArchitectureRegistry.REGISTRY.get(arch), weights.toString(), manager);
            List<ParityResult> logits = ReferenceVerifier.verify(loaded.network(), manager, reference);
            assertEquals(3, logits.size());
            for (ParityResult r : logits) {
                System.out.printf("%s %s max_abs_diff=%.3e rel_diff=%.3e%n", arch, r.name(), r.maxAbsDiff(), r.relDiff());
                assertTrue(r.relDiff() <= ReferenceVerifier.DEFAULT_TOLERANCE, arch + " " + r.name() + " rel_diff " + r.relDiff());
                assertTrue(r.maxAbsDiff() <= outputAtol, arch + " " + r.name() + " max_abs_diff " + r.maxAbsDiff());
            }
            List<FeatureParity> features = ReferenceVerifier.verifyFeatures(loaded.spec(), loaded.network(), manager, reference);
            assertEquals(featureFiles, features.size());
            for (FeatureParity f : features) {
                ParityResult r = f.parity();
                System.out.printf("%s %s at %s max_abs_diff=%.3e rel_diff=%.3e%n", arch, r.name(), f.cutPoint(), r.maxAbsDiff(),
                        r.relDiff());
                assertEquals(featureCut, f.cutPoint(), r.name());
                assertTrue(r.maxAbsDiff() <= tolerance.get("features_atol").asDouble(), arch + " " + r.name() + " " + r.maxAbsDiff());
                assertTrue(r.relDiff() <= ReferenceVerifier.DEFAULT_FEATURE_TOLERANCE, arch + " " + r.name() + " " + r.relDiff());
            }
        }
    }
}
