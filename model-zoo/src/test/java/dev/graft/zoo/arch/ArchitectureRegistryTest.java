package dev.graft.zoo.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.nn.TorchNames;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ArchitectureRegistryTest {

    static Stream<Architecture> architectures() {
        return ArchitectureRegistry.REGISTRY.entries().values().stream();
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void build_hasTorchvisionParameterCount(Architecture architecture) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NamedSequential net = architecture.build(1000);
            Networks.initialize(net, manager, 1, 224);
            assertEquals(architecture.spec().imagenetParameters(), Networks.trainableParameters(net));
        }
    }

    /** torchvision 0.14's counts (sum of numel over model.parameters(), buffers excluded), not the specs' own. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "resnet18, 11689512", "resnet34, 21797672", "resnet50, 25557032", "mobilenet_v2, 3504872", "squeezenet1_1, 1235496",
        "efficientnet_b0, 5288548", "efficientnet_b1, 7794184", "efficientnet_b2, 9109994", "efficientnet_b3, 12233232",
        "efficientnet_b4, 19341616", "mobilenet_v3_small, 2542856", "mobilenet_v3_large, 5483032",
        "densenet121, 7978856", "densenet169, 14149480", "densenet201, 20013928",
        "convnext_tiny, 28589128", "convnext_small, 50223688", "convnext_base, 88591464", "vit_b_16, 86567656",
        "vit_b_32, 88224232", "convnext_small_config, 1930480", "vit_small_config, 1268776"
    })
    void build_hasTorchvisionsPublishedParameterCount(String name, long parameters) {
        Architecture architecture = ArchitectureRegistry.REGISTRY.get(name);
        assertEquals(parameters, architecture.spec().imagenetParameters(), name + " spec");
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NamedSequential net = architecture.build(1000);
            Networks.initialize(net, manager, 1, 64);
            assertEquals(parameters, Networks.trainableParameters(net), name + " built");
        }
    }

    @Test
    void vit_namesBareTensorsLikeTorchvision() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NamedSequential net = VisionTransformer.smallConfig().build(1000);
            Networks.initialize(net, manager, 1, 224);
            var names = TorchNames.of(net);
            assertEquals(32, names.size());
            assertEquals(new Shape(1, 1, 192), names.get("class_token").getArray().getShape());
            assertEquals(new Shape(1, 197, 192), names.get("encoder.pos_embedding").getArray().getShape());
            assertTrue(names.containsKey("encoder.layers.encoder_layer_1.self_attention.in_proj_weight"), names.keySet().toString());
            assertTrue(names.containsKey("encoder.layers.encoder_layer_1.mlp.3.bias"), names.keySet().toString());
            assertEquals(0f, names.get("class_token").getArray().abs().max().getFloat(), "class token starts at zero");
        }
    }

    @Test
    void convnext_layerScaleStartsAtItsConstant_notHeInit() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NamedSequential net = ConvNeXt.smallConfig().build(1000);
            Networks.initialize(net, manager, 1, 64);
            var names = TorchNames.of(net);
            assertEquals(65, names.size());
            NDArray scale = names.get("features.5.1.layer_scale").getArray();
            assertEquals(new Shape(160, 1, 1), scale.getShape());
            assertEquals(1e-6f, scale.max().getFloat(), 1e-12f);
            assertEquals(1e-6f, scale.min().getFloat(), 1e-12f);
            assertEquals(1f, names.get("features.2.0.weight").getArray().min().getFloat(), "LayerNorm2d weight starts at one");
        }
    }

    @Test
    void convnextTiny_dropsPathsOnTorchvisionsLinearSchedule() {
        NamedSequential net = ConvNeXt.tiny().build(1000);
        // 18 blocks: block k (counted over all stages) drops with 0.1 * k / 17.
        var first = (dev.graft.zoo.nn.ConvNeXtBlock) ((NamedSequential) net.child("features.1")).child("0");
        var fifteenth = (dev.graft.zoo.nn.ConvNeXtBlock) ((NamedSequential) net.child("features.5")).child("8");
        var last = (dev.graft.zoo.nn.ConvNeXtBlock) ((NamedSequential) net.child("features.7")).child("2");
        assertEquals(0f, first.stochasticDepth().rate());
        assertEquals(0.1f * 14 / 17, fifteenth.stochasticDepth().rate(), 1e-7f);
        assertEquals(0.1f, last.stochasticDepth().rate(), 1e-7f);
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void cutPoints_giveDeclaredFeatureShapes(Architecture architecture) {
        ArchitectureSpec spec = architecture.spec();
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NamedSequential net = architecture.build(10);
            Networks.initialize(net, manager, 1, 64);
            for (CutPoint cut : spec.cutPoints()) {
                NamedSequential trunk = Backbones.cut(net, cut);
                NDArray input = manager.randomUniform(0, 1, new Shape(2, 3, 64, 64));
                NDArray out =
                        trunk.forward(new ParameterStore(manager, false), new NDList(input), false)
                                .singletonOrThrow();
                Shape expected =
                        cut.pooled()
                                ? new Shape(2, cut.channels())
                                : new Shape(2, cut.channels(), (long) Math.ceil(64.0 / cut.stride()), (long) Math.ceil(64.0 / cut.stride()));
                assertEquals(expected.get(0), out.getShape().get(0), cut.name());
                assertEquals(expected.get(1), out.getShape().get(1), spec.name() + " " + cut.name());
                assertEquals(expected.dimension(), out.getShape().dimension(), cut.name());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void spec_namesExistingStemAndClassifier(Architecture architecture) {
        ArchitectureSpec spec = architecture.spec();
        NamedSequential net = architecture.build(10);
        assertTrue(net.names().contains(spec.stemName()), spec.stemName());
        assertTrue(net.names().contains(spec.classifierName()), spec.classifierName());
        for (CutPoint cut : spec.cutPoints()) {
            assertTrue(net.names().contains(cut.module()), cut.module());
        }
    }

    /** Counts: ResNet-18 has 20 BatchNorms × 4 tensors + 20 conv weights + fc; DenseNet-121 torchvision's 727 state-dict tensors less its 121 num_batches_tracked. */
    @ParameterizedTest
    @CsvSource({
        "resnet18, layer2.0.downsample.1.running_var, fc.weight, 102",
        "densenet121, features.denseblock3.denselayer24.conv2.weight, features.transition2.norm.running_var, 606",
    })
    void build_usesTorchvisionParameterNames(String arch, String deepName, String otherName, int count) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NamedSequential net = ArchitectureRegistry.REGISTRY.get(arch).build(1000);
            Networks.initialize(net, manager, 1, 64);
            var names = TorchNames.of(net).keySet();
            assertTrue(names.contains(deepName), names.toString());
            assertTrue(names.contains(otherName), names.toString());
            assertEquals(count, names.size());
        }
    }

    @Test
    void densenet_cutPoints_followTheDenseBlocks() {
        assertEquals("stem, block1, transition1, block2, transition2, block3, transition3, block4, features, pool",
                DenseNet.densenet121().spec().cutPointNames());
        assertEquals(List.of(64, 256, 128, 512, 256, 1024, 512, 1024, 1024, 1024),
                DenseNet.densenet121().spec().cutPoints().stream().map(CutPoint::channels).toList());
        assertEquals(1664, DenseNet.densenet169().spec().cut("features").channels());
        assertEquals(1920, DenseNet.densenet201().spec().cut("pool").channels());
        assertEquals(896, DenseNet.densenet201().spec().cut("transition3").channels());
        assertEquals(32, DenseNet.densenet201().spec().cut("transition3").stride());
    }

    @Test
    void everyName_isItsArchitecturesSpecName() {
        ArchitectureRegistry.REGISTRY.entries().forEach((name, architecture) -> assertEquals(name, architecture.spec().name()));
    }

    @Test
    void get_unknownName_suggestsNearest() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ArchitectureRegistry.REGISTRY.get("resnet19"));
        assertTrue(e.getMessage().contains("resnet18"), e.getMessage());
    }

    @Test
    void cut_unknownName_listsValidOnes() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ResNet.resnet18().spec().cut("layer9"));
        assertTrue(e.getMessage().contains("layer1, layer2"), e.getMessage());
    }
}
