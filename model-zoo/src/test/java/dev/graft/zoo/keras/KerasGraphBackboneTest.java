package dev.graft.zoo.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.graft.zoo.arch.PretrainedNetwork;
import dev.graft.zoo.verify.FeatureParity;
import dev.graft.zoo.verify.ParityAssets;
import dev.graft.zoo.verify.ParityResult;
import dev.graft.zoo.verify.ReferenceVerifier;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TF.js MobileNetV2 (nsfwjs) rebuilt as blocks reproduces the outputs and features tfjs computed. */
class KerasGraphBackboneTest {

    @Test
    void tfjsMobileNetV2_reproducesTfjsOutputsAndFeatures() throws Exception {
        Path model = ParityAssets.requireShared("keras", "tfjs_mobilenet_v2_nsfw/model.json");
        KerasGraphBackbone backbone = KerasGraphBackbone.open(model);
        assertEquals("pool", backbone.spec().cutPoints().get(backbone.spec().cutPoints().size() - 1).name());
        assertEquals(1280, backbone.spec().cut("pool").channels(), "pool = flatten_1's 1280 features");
        assertTrue(backbone.spec().cutPointNames().contains("block_16_project_BN"), backbone.spec().cutPointNames());
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            PretrainedNetwork loaded = PretrainedNetwork.load(backbone, model.toString(), manager);
            Path reference = model.resolveSibling("reference");
            List<ParityResult> outputs = ReferenceVerifier.verify(loaded.network(), manager, reference, true);
            assertEquals(3, outputs.size());
            for (ParityResult r : outputs) {
                System.out.printf("%s max_abs_diff=%.3e%n", r.name(), r.maxAbsDiff());
                assertTrue(r.maxAbsDiff() <= 1e-4, r.name() + " max_abs_diff " + r.maxAbsDiff());
            }
            List<FeatureParity> features = ReferenceVerifier.verifyFeatures(loaded.spec(), loaded.network(), manager, reference, true);
            assertEquals(3, features.size());
            for (FeatureParity f : features) {
                System.out.printf("%s at %s max_abs_diff=%.3e%n", f.parity().name(), f.cutPoint(), f.parity().maxAbsDiff());
                assertEquals("pool", f.cutPoint());
                assertTrue(f.parity().maxAbsDiff() <= 1e-4, f.parity().name() + " max_abs_diff " + f.parity().maxAbsDiff());
            }
        }
    }
}
