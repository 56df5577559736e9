package dev.graft.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.graft.core.engine.Engines;
import dev.graft.core.model.Architectures;
import dev.graft.core.model.HeadSpec;
import dev.graft.core.model.ModelStore;
import dev.graft.core.run.FinetuneConfig;
import dev.graft.core.run.FinetuneRun;
import dev.graft.core.train.EpochResult;
import dev.graft.core.train.TrainingListener;
import dev.graft.core.train.TrainingOptions;
import dev.graft.datasets.synthetic.SyntheticLesions;
import dev.graft.zoo.arch.Architecture;
import dev.graft.zoo.nn.NamedSequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The toy SavedModel of TensorFlow Java's own tests ({@code ../shared/assets/keras/tf_savedmodel_toy})
 * loads offline through DJL's TensorFlow engine, computes what its signatures say, and serves
 * features to a head that trains.
 */
class SavedModelBackboneTest {

    private static final String VECTOR = "get_const_vector/output_0";

    private static Path toy() {
        Path path = Path.of(System.getProperty("graft.shared", "../../shared"), "assets", "keras", "tf_savedmodel_toy")
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(path.resolve("saved_model.pb"))) {
            String message = "shared test asset missing: " + path + " (expected ../shared beside the clone)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        return path;
    }

    @Test
    void toySavedModel_addSignature_addsScalars() throws Exception {
        SavedModelSession session = SavedModelSession.open(toy());
        assertEquals(List.of("add", "get_const_matrix", "get_const_scalar", "get_const_vector", "get_variable"),
                List.copyOf(session.signatures().keySet()));
        HostTensor sum = session.run("add", "output_0", Map.of("a", HostTensor.scalar(10f), "b", HostTensor.scalar(15.5f)));
        assertEquals(0, sum.shape().length);
        assertEquals(25.5f, sum.values()[0]);
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> session.run("add", "sum", Map.of("a", HostTensor.scalar(1f), "b", HostTensor.scalar(2f))));
        assertTrue(wrong.getMessage().contains("has no output 'sum'; it has output_0"), wrong.getMessage());
    }

    @Test
    void toySavedModel_cutPoints_areTheOutputsThatGiveOneRowPerImage() throws Exception {
        Architecture backbone = Architectures.resolve(Architectures.SAVED_MODEL, toy().toString());
        assertEquals(List.of("get_const_scalar/output_0", VECTOR), backbone.spec().cutPoints().stream().map(c -> c.name()).toList());
        assertEquals(224 * 224 * 3, backbone.spec().cut(VECTOR).channels());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> backbone.spec().cut("pool"));
        assertTrue(none.getMessage().contains("valid cut points: get_const_scalar/output_0, " + VECTOR), none.getMessage());
    }

    @Test
    void getConstVector_servesTheImagesAsNhwcFeatures() throws Exception {
        Engines.usePyTorchOnThisThread();
        Architecture backbone = Architectures.resolve(Architectures.SAVED_MODEL, toy().toString());
        NamedSequential network = backbone.build(2, backbone.spec().cut(VECTOR));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray images = manager.randomUniform(0f, 1f, new Shape(2, 3, 5, 4));
            NDArray features = network.child(SavedModelBackbone.MODULE).forward(new ParameterStore(manager, false), new NDList(images), false)
                    .singletonOrThrow();
            assertEquals(new Shape(2, 5 * 4 * 3), features.getShape());
            float[] nchw = images.toFloatArray();
            float[] expected = new float[nchw.length];
            int i = 0;
            for (int n = 0; n < 2; n++) {
                for (int y = 0; y < 5; y++) {
                    for (int x = 0; x < 4; x++) {
                        for (int c = 0; c < 3; c++) {
                            expected[i++] = nchw[((n * 3 + c) * 5 + y) * 4 + x];
                        }
                    }
                }
            }
            assertArrayEquals(expected, features.toFloatArray(), "features are the NHWC pixels, bit for bit");
            assertEquals(features.getShape(), network.child(SavedModelBackbone.MODULE).getOutputShapes(new Shape[] {images.getShape()})[0]);
        }
    }

    @Test
    void cnnWrittenByTensorFlowJava_servesItsFeaturesFromNchwImages(@TempDir Path dir) throws Exception {
        Engines.usePyTorchOnThisThread();
        TensorFlowNatives.start();
        TinyCnnSavedModel cnn = new TinyCnnSavedModel(11);
        Path folder = dir.resolve("cnn");
        cnn.export(folder);
        Architecture backbone = Architectures.resolve(Architectures.SAVED_MODEL, folder.toString());
        assertEquals(TinyCnnSavedModel.SIDE, backbone.spec().inputSize(), "the side the signature fixes");
        assertEquals(List.of("serving_default/features", "serving_default/logits"),
                backbone.spec().cutPoints().stream().map(c -> c.name()).toList());
        assertEquals(4, backbone.spec().cut("serving_default/features").channels());
        NamedSequential network = backbone.build(2, backbone.spec().cut("serving_default/features"));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray images = manager.randomUniform(0f, 1f, new Shape(3, 3, TinyCnnSavedModel.SIDE, TinyCnnSavedModel.SIDE));
            float[] features = network.child(SavedModelBackbone.MODULE).forward(new ParameterStore(manager, false), new NDList(images), false)
                    .singletonOrThrow().toFloatArray();
            float[] expected = cnn.features(images.toFloatArray(), 3);
            double maxDiff = 0;
            for (int i = 0; i < expected.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(expected[i] - features[i]));
            }
            System.out.println("tiny CNN features: max_abs_diff=" + maxDiff + " over " + expected.length + " values");
            assertTrue(maxDiff <= 1e-5, "max_abs_diff " + maxDiff);
        }
    }

    @Test
    void headOnGetConstVector_trainsAndTheRunReopensFromItsOwnCopy(@TempDir Path dir) throws Exception {
        Path manifest = new SyntheticLesions(64, 24, 3).generate(dir.resolve("data"));
        Path run = dir.resolve("run");
        TrainingOptions training = TrainingOptions.builder().optEpochs(4).optBatchSize(16).optLearningRate(3e-3f)
                .optPatience(0).optSeed(7).build();
        FinetuneConfig config = new FinetuneConfig(manifest, null, null, Architectures.SAVED_MODEL, toy().toString(), VECTOR, "all",
                HeadSpec.LINEAR, 24, 0, "imagenet", 0.25, 0.0, 0.0, Map.of(), null, 0, false, "cpu", run, false, training);
        List<EpochResult> history = new ArrayList<>();
        FinetuneRun.execute(config, new TrainingListener() {
            @Override
            public void onEpoch(EpochResult result, boolean improved) {
                history.add(result);
            }
        });
        assertEquals(4, history.size());
        System.out.println("train loss by epoch: " + history.stream().map(r -> String.format("%.4f", r.trainLoss())).toList());
        assertTrue(history.get(3).trainLoss() < history.get(0).trainLoss() * 0.9,
                "loss " + history.get(0).trainLoss() + " -> " + history.get(3).trainLoss());
        assertTrue(Files.isRegularFile(run.resolve(Architectures.RUN_SAVED_MODEL).resolve("saved_model.pb")));
        assertFalse(Files.exists(run.resolve(Architectures.RUN_BACKBONE)));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            ModelStore.Loaded loaded = ModelStore.load(run, manager);
            assertEquals(VECTOR, loaded.descriptor().cut());
            assertEquals(24 * 24 * 3, loaded.model().getChildren().get(SavedModelBackbone.MODULE)
                    .getOutputShapes(new Shape[] {new Shape(1, 3, 24, 24)})[0].get(1));
        }
    }
}
