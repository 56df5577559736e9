package dev.graft.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.graft.core.GraftVersion;
import dev.graft.core.io.RunFormatException;
import dev.graft.core.io.VersionedJson;
import dev.graft.core.metric.OperatingPoint;
import dev.graft.zoo.arch.ArchitectureRegistry;
import dev.graft.zoo.nn.TorchNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and reopening a run's model, in today's format and in the one written before format_version. */
class ModelStoreTest {

    private static final String ARCH = "resnet18";
    private static final String CUT = "layer1";

    private static final ModelDescriptor DESCRIPTOR = new ModelDescriptor(ARCH, CUT, "none", new HeadSpec("mlp", 8, 0.25f),
            List.of("benign", "melanoma"), 32, 36, new float[] {0.4f, 0.5f, 0.6f}, new float[] {0.2f, 0.25f, 0.3f},
            new OperatingPoint("recall", 1, 0.375, 0.9));

    /** Saves a small model with {@link #DESCRIPTOR} and returns its first trunk parameter's values. */
    private static float[] save(Path run) throws Exception {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(11);
            TransferModel model = TransferModels.build(ArchitectureRegistry.REGISTRY.get(ARCH), CUT, DESCRIPTOR.head(), 2);
            TransferModels.initialize(model, manager, DESCRIPTOR.imageSize());
            ModelStore.save(run, model, DESCRIPTOR);
            return firstParameter(model);
        }
    }

    /** Copies a file as Graft 0.1.0 wrote it (camelCase keys, no format_version) from this test's resources. */
    private static void copyFormat1(String resource, Path target) throws Exception {
        try (var in = ModelStoreTest.class.getResourceAsStream(resource)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static float[] firstParameter(TransferModel model) {
        return TorchNames.of(model).values().iterator().next().getArray().toFloatArray();
    }

    private static void assertSameDescriptor(ModelDescriptor expected, ModelDescriptor actual) {
        assertEquals(expected.arch(), actual.arch());
        assertEquals(expected.cut(), actual.cut());
        assertEquals(expected.freeze(), actual.freeze());
        assertEquals(expected.head(), actual.head());
        assertEquals(expected.classNames(), actual.classNames());
        assertEquals(expected.imageSize(), actual.imageSize());
        assertEquals(expected.resize(), actual.resize());
        assertArrayEquals(expected.mean(), actual.mean());
        assertArrayEquals(expected.std(), actual.std());
        assertEquals(expected.operatingPoint(), actual.operatingPoint());
        assertEquals(expected.multiTask(), actual.multiTask());
    }

    @Test
    void save_writesSnakeCaseKeysAfterTheFormatVersion(@TempDir Path run) throws Exception {
        save(run);
        String json = Files.readString(run.resolve(ModelStore.DESCRIPTOR));
        assertTrue(json.startsWith("{\n  \"format_version\" : " + VersionedJson.FORMAT_VERSION + ",\n  \"arch\" : "), json);
        for (String key : List.of("\"class_names\"", "\"image_size\"", "\"operating_point\"", "\"target_recall\"", "\"multi_task\"")) {
            assertTrue(json.contains(key), key + " in " + json);
        }
        assertTrue(!json.contains("classNames") && !json.contains("imageSize"), json);
    }

    /** Loads the run and checks it is {@link #DESCRIPTOR} with the weights {@link #save} wrote. */
    private static void assertReopens(Path run, float[] saved) throws Exception {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            ModelStore.Loaded loaded = ModelStore.load(run, manager);
            assertSameDescriptor(DESCRIPTOR, loaded.descriptor());
            assertArrayEquals(saved, firstParameter(loaded.model()));
        }
    }

    @Test
    void load_reopensWhatSaveWrote(@TempDir Path run) throws Exception {
        assertReopens(run, save(run));
    }

    @Test
    void load_opensAModelJsonWrittenBeforeFormatVersion(@TempDir Path run) throws Exception {
        float[] saved = save(run);
        copyFormat1("model-format-1.json", run.resolve(ModelStore.DESCRIPTOR));
        assertReopens(run, saved);
    }

    @Test
    void read_oldMultiTaskModelJson_keepsItsTasksAndLayout(@TempDir Path run) throws Exception {
        Path file = run.resolve(ModelStore.DESCRIPTOR);
        copyFormat1("model-format-1-multi-task.json", file);
        ModelDescriptor d = VersionedJson.read(file, ModelDescriptor.class);
        MultiTaskLayout layout = d.multiTask();
        assertEquals(new MultiTaskLayout(List.of(
                new MultiTaskLayout.Task("diagnosis", true, List.of("benign", "malignant"), "label", "binary", 0, 1),
                new MultiTaskLayout.Task("lesionSize", false, List.of(), "size_mm", "regression", 6.5, 2.25)), 12, 3, true), layout);
        assertEquals("lesionSize", layout.tasks().get(1).name(), "task names are data, not keys to rename");
        assertEquals(OperatingPoint.ARGMAX.rule(), d.operatingPoint().rule());
        assertTrue(Double.isNaN(d.operatingPoint().threshold()));

        VersionedJson.write(file, d);
        String rewritten = Files.readString(file);
        assertTrue(rewritten.contains("\"shared_modules\" : 12") && rewritten.contains("\"class_names\""), rewritten);
        assertEquals(layout, VersionedJson.read(file, ModelDescriptor.class).multiTask());
    }

    @Test
    void load_refusesAModelJsonFromANewerGraft_namingBothVersions(@TempDir Path run) throws Exception {
        save(run);
        Path file = run.resolve(ModelStore.DESCRIPTOR);
        int future = VersionedJson.FORMAT_VERSION + 1;
        Files.writeString(file, Files.readString(file).replace("\"format_version\" : " + VersionedJson.FORMAT_VERSION,
                "\"format_version\" : " + future));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            RunFormatException e = assertThrows(RunFormatException.class, () -> ModelStore.load(run, manager));
            assertEquals(file + " has format_version " + future + ", written by a newer Graft; Graft " + GraftVersion.get()
                    + " reads versions 1 to " + VersionedJson.FORMAT_VERSION
                    + ". Open it with the Graft that wrote it (graft_version in the run's manifest.json) or a newer one.", e.getMessage());
            assertEquals(file, e.file());
        }
    }

    @Test
    void load_refusesAFormatVersionThatIsNotANumber(@TempDir Path run) throws Exception {
        Path file = run.resolve(ModelStore.DESCRIPTOR);
        Files.writeString(file, "{\"format_version\": \"two\", \"arch\": \"resnet18\"}");
        RunFormatException e = assertThrows(RunFormatException.class, () -> VersionedJson.read(file, ModelDescriptor.class));
        assertTrue(e.getMessage().startsWith(file + " has format_version \"two\", which is not a version;"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }
}
