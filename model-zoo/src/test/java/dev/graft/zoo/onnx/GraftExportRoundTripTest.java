package dev.graft.zoo.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.graft.datasets.io.Npy;
import dev.graft.datasets.io.NpyArray;
import dev.graft.zoo.arch.ArchitectureRegistry;
import dev.graft.zoo.arch.Networks;
import dev.graft.zoo.arch.PretrainedNetwork;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.verify.ParityAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A Graft-exported EfficientNet-B0 (SiLU, squeeze-and-excitation: Sigmoid, Mul, a 4-D
 * GlobalAveragePool) or MobileNetV3-Large (HardSigmoid, hard swish as Mul) read back by {@code --arch onnx} is rebuilt as trainable blocks that compute
 * what the native network computes, and so what torchvision computed.
 */
class GraftExportRoundTripTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"efficientnet_b0, 5288548", "mobilenet_v3_large, 5483032"})
    void exportedNetwork_reimportedAsBlocks_givesTheNativeAndTorchvisionLogits(String arch, long parameters, @TempDir Path dir)
            throws Exception {
        Path weights = ParityAssets.require(arch + "/weights.safetensors");
        Path reference = ParityAssets.require(arch + "/reference");
        Path onnx = dir.resolve(arch + ".onnx");
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NamedSequential native_ = PretrainedNetwork.load(ArchitectureRegistry.REGISTRY.get(arch), weights.toString(),
                    manager).network();
            Files.write(onnx, OnnxExporter.export(native_, 1000, new OnnxExporter.Options(224, null, null, 17, "test", Map.of()))
                    .toByteArray());
            OnnxGraphBackbone backbone = OnnxGraphBackbone.open(onnx);
            NamedSequential imported = PretrainedNetwork.load(backbone, onnx.toString(), manager).network();
            assertEquals(parameters, Networks.trainableParameters(imported), "every weight is a trainable parameter again");
            assertTrue(backbone.spec().cutPoints().size() > 16, "cut points: " + backbone.spec().cutPointNames());
            for (int n = 0; n < 3; n++) {
                NpyArray input = Npy.read(reference.resolve("input_" + n + ".npy"));
                float[] expected = Npy.read(reference.resolve("output_" + n + ".npy")).toFloats();
                float[] fromNative = logits(native_, manager, input);
                float[] fromImport = logits(imported, manager, input);
                double vsNative = 0;
                double vsTorch = 0;
                double maxRef = 0;
                for (int i = 0; i < expected.length; i++) {
                    vsNative = Math.max(vsNative, Math.abs((double) fromImport[i] - fromNative[i]));
                    vsTorch = Math.max(vsTorch, Math.abs((double) fromImport[i] - expected[i]));
                    maxRef = Math.max(maxRef, Math.abs(expected[i]));
                }
                System.out.printf(Locale.ROOT, "%s input_%d: imported vs native max_abs_diff=%.3e, vs torchvision diff/ref=%.3e%n", arch, n,
                        vsNative, vsTorch / maxRef);
                assertEquals(1000, fromImport.length, "1000 logits");
                assertTrue(vsNative <= 1e-4, "input_" + n + ": imported vs native " + vsNative);
                assertTrue(vsTorch / maxRef <= 1e-5, "input_" + n + ": imported vs torchvision " + vsTorch / maxRef);
            }
        }
    }

    private static float[] logits(NamedSequential network, NDManager manager, NpyArray input) {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.create(input.toFloats(), new Shape(input.shape()));
            return network.forward(new ParameterStore(step, false), new NDList(x), false).singletonOrThrow().toFloatArray();
        }
    }
}
