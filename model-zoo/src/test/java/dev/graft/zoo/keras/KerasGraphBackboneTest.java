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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    /**
     * The {@code keras://mobilenet_v2} path, offline: the TF.js model's backbone uses the Keras
     * Applications layer names, so written as a weights-only {@code .h5} under the file name Keras
     * publishes its no-top weights as, it takes Graft's Keras-flavoured MobileNetV2 topology (with
     * its asymmetric pads) and must give the features tfjs computed (flatten_1 = the global average).
     */
    @Test
    void kerasApplicationsTopology_withTheTfjsBackboneWeights_reproducesTfjsFeatures(@TempDir Path dir) throws Exception {
        Path model = ParityAssets.requireShared("keras", "tfjs_mobilenet_v2_nsfw/model.json");
        KerasModelFile tfjs = KerasFiles.read(model);
        Map<String, List<KerasWeight>> backbone = new LinkedHashMap<>(tfjs.weightsByLayer());
        backbone.keySet().removeIf(name -> name.startsWith("dense_"));
        Path h5 = dir.resolve(KerasApplicationsWeights.APPLICATIONS.get("mobilenet_v2").fileName());
        KerasWeightsWriter.write(h5, backbone, tfjs.kerasVersion());
        KerasGraphBackbone keras = KerasGraphBackbone.open(h5);
        assertEquals(1280, keras.spec().cut("pool").channels());
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            PretrainedNetwork loaded = PretrainedNetwork.load(keras, h5.toString(), manager);
            List<FeatureParity> features = ReferenceVerifier.verifyFeatures(loaded.spec(), loaded.network(), manager,
                    model.resolveSibling("reference"), true);
            assertEquals(3, features.size());
            for (FeatureParity f : features) {
                System.out.printf("keras:// topology %s at %s max_abs_diff=%.3e%n", f.parity().name(), f.cutPoint(), f.parity().maxAbsDiff());
                assertTrue(f.parity().maxAbsDiff() <= 1e-4, f.parity().name() + " max_abs_diff " + f.parity().maxAbsDiff());
            }
        }
    }

    @Test
    void weightsOnlyFileOfNoKnownApplication_isRefusedSayingWhatIsNeeded(@TempDir Path dir) throws Exception {
        KerasModelFile tfjs = KerasFiles.read(ParityAssets.requireShared("keras", "tfjs_mobilenet_v2_nsfw/model.json"));
        Path h5 = dir.resolve("my_weights.h5");
        KerasWeightsWriter.write(h5, tfjs.weightsByLayer(), tfjs.kerasVersion());
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.graft.zoo.weights.WeightImportException.class,
                () -> KerasGraphBackbone.open(h5));
        assertTrue(e.getMessage().contains("weights only") && e.getMessage().contains("keras://mobilenet_v2"), e.getMessage());
    }
}
