package dev.graft.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.nn.Parameter;
import dev.graft.core.metric.OperatingPoint;
import dev.graft.core.model.HeadSpec;
import dev.graft.core.model.ModelDescriptor;
import dev.graft.core.model.ModelStore;
import dev.graft.core.model.TransferModel;
import dev.graft.core.model.TransferModels;
import dev.graft.zoo.arch.ArchitectureRegistry;
import dev.graft.zoo.nn.TorchNames;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunExportTest {

    /**
     * Gives every BatchNorm and LayerNorm parameter and statistic, every bias, ConvNeXt's layer
     * scales and the ViT class token random non-trivial values (the weights keep their He
     * initialisation, so activations keep a realistic scale).
     */
    private static void randomize(TransferModel model, long seed) {
        Random random = new Random(seed);
        for (Map.Entry<String, Parameter> e : TorchNames.of(model).entrySet()) {
            boolean bare = e.getKey().endsWith("layer_scale") || e.getKey().equals("class_token");
            if (e.getValue().getArray().getShape().dimension() > 1 && !bare) {
                continue;
            }
            float[] v = new float[(int) e.getValue().getArray().size()];
            boolean positive = e.getKey().endsWith("running_var");
            boolean scale = e.getKey().endsWith(".weight") && e.getValue().getArray().getShape().dimension() == 1
                    || e.getKey().endsWith("layer_scale");
            for (int i = 0; i < v.length; i++) {
                v[i] = positive || scale ? 0.5f + random.nextFloat() : (float) random.nextGaussian() * 0.1f;
            }
            e.getValue().getArray().set(FloatBuffer.wrap(v));
        }
    }

    /**
     * Gives every BatchNorm running statistics equal to those of the activations it sees in one
     * batch: with random statistics a deep He-initialised network such as DenseNet, whose 1×1
     * convolutions read up to 1000 channels, grows its activations by orders of magnitude per
     * block, until float32 rounding alone exceeds the export tolerance. A training-mode pass
     * (which normalises with batch statistics, so no layer depends on another's running ones)
     * leaves {@code m·old + (1 − m)·batch}; two passes from 0 and from 1, same input and seed,
     * give each block's momentum m and so the batch statistic, whatever m (MobileNetV3's 0.01,
     * the usual 0.1); variances are floored at 0.01 for channels that never fire. Scales and shifts
     * stay random.
     */
    private static void calibrateBatchNorm(TransferModel model, NDManager manager, int side) {
        List<Parameter> statistics = TorchNames.of(model).values().stream()
                .filter(p -> p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR).toList();
        List<float[]> fromZero = trainingPass(model, manager, side, statistics, 0f);
        List<float[]> fromOne = trainingPass(model, manager, side, statistics, 1f);
        for (int i = 0; i < statistics.size(); i++) {
            float[] v = new float[fromZero.get(i).length];
            boolean variance = statistics.get(i).getType() == Parameter.Type.RUNNING_VAR;
            for (int j = 0; j < v.length; j++) {
                double momentum = (double) fromOne.get(i)[j] - fromZero.get(i)[j];
                v[j] = (float) (fromZero.get(i)[j] / (1 - momentum));
                // A channel that is always 0 (after a ReLU) has variance 0: dividing by sqrt(eps)
                // would turn float32 rounding into differences of 1e-3, so floor it.
                v[j] = variance ? Math.max(v[j], 0.01f) : v[j];
            }
            statistics.get(i).getArray().set(FloatBuffer.wrap(v));
        }
    }

    /** Sets the statistics to {@code start}, runs one seeded training-mode batch, returns them. */
    private static List<float[]> trainingPass(TransferModel model, NDManager manager, int side, List<Parameter> statistics, float start) {
        for (Parameter p : statistics) {
            float[] v = new float[(int) p.getArray().size()];
            java.util.Arrays.fill(v, start);
            p.getArray().set(FloatBuffer.wrap(v));
        }
        Engine.getEngine("PyTorch").setRandomSeed(17);
        try (NDManager step = manager.newSubManager()) {
            step.getEngine().setRandomSeed(17);
            NDArray x = step.randomNormal(new Shape(8, 3, side, side));
            model.forward(new ParameterStore(step, false), new NDList(x), true);
        }
        return statistics.stream().map(p -> p.getArray().toFloatArray()).toList();
    }

    @ParameterizedTest
    @CsvSource({"resnet18,pool,mlp", "resnet50,layer2,linear", "squeezenet1_1,pool,linear", "mobilenet_v2,stage4,linear",
        "convnext_small_config,stage3,mlp", "vit_small_config,pool,linear", "vit_small_config,encoder_layer_0,mlp",
        "efficientnet_b0,stage6,linear", "mobilenet_v3_large,pool,mlp",
        "densenet121,pool,linear"})
    void export_matchesThePyTorchModelOnOnnxRuntime(String arch, String cut, String head, @TempDir Path run) throws Exception {
        saveRandomRun(arch, cut, head, run);
        RunExport.Result plain = RunExport.export(run, run.resolve("model.onnx"), 17, false);
        assertTrue(plain.maxAbsDifference() <= RunExport.TOLERANCE, arch + ": " + plain.maxAbsDifference());
        RunExport.Result inside = RunExport.export(run, run.resolve("pre.onnx"), 13, true);
        System.out.printf(java.util.Locale.ROOT, "%s cut %s: max_abs_diff %.3e (opset 17), %.3e (opset 13, with preprocessing)%n", arch, cut,
                plain.maxAbsDifference(), inside.maxAbsDifference());
        assertTrue(inside.maxAbsDifference() <= RunExport.TOLERANCE, arch + " with preprocessing: " + inside.maxAbsDifference());
        assertEquals("[\"a\",\"b\",\"c\"]", plain.metadata().get("graft.labels"));
        assertFalse(Files.exists(run.resolve("model.onnx.checking")), "the temporary file is gone");
    }

    /** Saves a run of an architecture cut and headed as asked, with random non-trivial weights and calibrated BatchNorm, at 64 px. */
    private static void saveRandomRun(String arch, String cut, String head, Path run) throws java.io.IOException {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(3);
            TransferModel model = TransferModels.build(ArchitectureRegistry.REGISTRY.get(arch), cut,
                    new HeadSpec(head, head.equals("mlp") ? 16 : 0, 0.3f), 3);
            TransferModels.initialize(model, manager, 64);
            randomize(model, 5);
            calibrateBatchNorm(model, manager, 64);
            ModelStore.save(run, model, new ModelDescriptor(arch, cut, "none", new HeadSpec(head, head.equals("mlp") ? 16 : 0, 0.3f),
                    List.of("a", "b", "c"), 64, 72, new float[] {0.4f, 0.5f, 0.6f}, new float[] {0.2f, 0.25f, 0.3f},
                    OperatingPoint.ARGMAX));
        }
    }

    @ParameterizedTest
    @CsvSource({"resnet18,layer3,mlp", "mobilenet_v2,pool,linear", "squeezenet1_1,pool,linear",
        "densenet121,block2,linear"})
    void tfjsExport_matchesTheGraftModelInTensorFlowJs(String arch, String cut, String head, @TempDir Path run) throws Exception {
        TfjsCheck.requireNode();
        saveRandomRun(arch, cut, head, run);
        TfjsExport.Result result = TfjsExport.export(run, run.resolve("tfjs"));
        System.out.printf(java.util.Locale.ROOT, "%s cut %s head %s: TensorFlow.js max_abs_diff %.3e, %d files, %.1f MB%n", arch, cut, head,
                result.maxAbsDifference(), result.files().size(), result.bytes() / 1e6);
        assertEquals(null, result.skipped());
        assertTrue(result.maxAbsDifference() <= RunExport.TOLERANCE, arch + ": " + result.maxAbsDifference());
        assertEquals("[\"a\",\"b\",\"c\"]", result.metadata().path("graft").path("labels").toString());
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(run.resolve("tfjs/model.json").toFile());
        assertEquals("layers-model", json.path("format").asText());
        assertEquals("Model", json.path("modelTopology").path("class_name").asText());
        assertEquals("[null,64,64,3]", json.path("modelTopology").path("config").path("layers").get(0).path("config")
                .path("batch_input_shape").toString());
        try (var left = Files.list(run)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().contains(".checking")).toList(), "no temporary folder is left");
        }
    }

    @org.junit.jupiter.api.Test
    void tfjsExport_refusesABlockWithNoKerasMapping_namingIt(@TempDir Path run) throws Exception {
        saveRandomRun("mobilenet_v3_large", "stage2", "linear", run);
        UnsupportedOperationException e = org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                () -> TfjsExport.export(run, run.resolve("tfjs")));
        assertEquals("cannot export HardSwish at 'features.0.2' to TensorFlow.js: it has no Keras layer mapping (the Keras layer exports"
                + " registered are " + dev.graft.zoo.keras.KerasLayerExports.REGISTRY.entries().keySet() + "); use --format onnx.", e.getMessage());
        assertFalse(Files.exists(run.resolve("tfjs")), "nothing was written");
    }
}
