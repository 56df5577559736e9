package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real ImageNet weights in every format reproduce their reference outputs through graft zoo
 * verify, and their reference features (features_N.npy) at the cut point of that shape.
 */
class ZooVerifyTest {

    private static final Pattern REL = Pattern.compile("rel_diff=([0-9.eE+-]+)");

    static Stream<Arguments> weightFiles() {
        Stream<Arguments> pretrained =
                Stream.of("squeezenet1_1", "mobilenet_v2")
                        .flatMap(arch -> Stream.of("weights.safetensors", "weights.pth", "model.pt", "model.onnx")
                                .map(file -> Arguments.of(arch, "weights/" + arch + "/" + file, "weights/" + arch + "/reference")));
        return Stream.concat(
                pretrained,
                Stream.of(Arguments.of("resnet18", "parity/resnet18/weights.pth", "parity/resnet18/reference")));
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("weightFiles")
    void verify_reproducesReferenceOutputs(String arch, String weights, String reference) {
        Path weightFile = SharedAssets.require(weights);
        Path referenceDir = SharedAssets.require(reference);
        GraftCli.Result result =
                GraftCli.run("zoo", "verify", "--arch", arch, "--weights", weightFile.toString(),
                        "--reference", referenceDir.toString());
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertRelDiffs(result.out(), featureFiles(referenceDir));
    }

    /** Three logits lines within 1e-5, then one line per features file within 1e-4. */
    private static void assertRelDiffs(String out, int features) {
        List<Double> rel = relDiffs(out);
        assertEquals(3 + features, rel.size(), out);
        for (int i = 0; i < rel.size(); i++) {
            double limit = i < 3 ? 1e-5 : 1e-4;
            assertTrue(rel.get(i) <= limit, String.format(Locale.ROOT, "rel_diff %.3e > %.0e in%n%s", rel.get(i), limit, out));
        }
    }

    private static int featureFiles(Path referenceDir) {
        try (Stream<Path> files = java.nio.file.Files.list(referenceDir)) {
            return (int) files.filter(p -> p.getFileName().toString().matches("features_\\d+\\.npy")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @org.junit.jupiter.api.Test
    void parityFolder_givesArchitectureAndReferencesAndChecksFeatures() {
        Path weights = SharedAssets.require("parity/densenet121/weights.safetensors");
        GraftCli.Result result = GraftCli.run("zoo", "verify", "--weights", weights.toString());
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("into densenet121"), result.out());
        assertTrue(result.out().contains("features_2.npy at cut point features"), result.out());
        assertRelDiffs(result.out(), 3);
        GraftCli.Result strict = GraftCli.run("zoo", "verify", "--weights", weights.toString(), "--reference",
                weights.getParent().toString(), "--feature-tolerance", "1e-9");
        assertEquals(1, strict.exitCode(), "features fail a tolerance they cannot meet: " + strict.out());
    }

    @org.junit.jupiter.api.Test
    void hubUrl_offline_failsWithinTenSecondsNamingTheUrl() {
        Path reference = SharedAssets.require("parity/resnet18/reference");
        long start = System.nanoTime();
        GraftCli.Result result = GraftCli.run("zoo", "verify", "--arch", "resnet18", "--weights", "hf://timm/resnet18.a1_in1k",
                "--reference", reference.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(1, result.exitCode(), result.out() + result.err());
        assertTrue(result.err().contains("https://huggingface.co/timm/resnet18.a1_in1k/resolve/main/model.safetensors"), result.err());
        assertTrue(result.err().contains("--weights model.safetensors"), result.err());
        assertEquals(1, result.err().strip().lines().count(), result.err());
        assertTrue(seconds < 10, "took " + seconds + " s");
    }

    /**
     * {@code keras://} offline fails before any image is decoded, naming the URL, both where it
     * belongs ({@code --arch keras}) and where it does not (a zoo architecture, which would be told
     * to use {@code --arch keras} once the file is there).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"keras", "mobilenet_v2"})
    void kerasUrl_offline_failsWithinTenSecondsNamingTheUrl(String arch, @org.junit.jupiter.api.io.TempDir Path dir) {
        Path data = SharedAssets.require("datasets/hymenoptera");
        long start = System.nanoTime();
        GraftCli.Result result = GraftCli.run("finetune", "--arch", arch, "--weights", "keras://mobilenet_v2", "--data", data.toString(),
                "--out", dir.resolve("run").toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(1, result.exitCode(), result.out() + result.err());
        assertTrue(result.err().contains("https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/"
                + "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5"), result.err());
        assertEquals(1, result.err().strip().lines().count(), "one line, and no image decoded first: " + result.err());
        assertTrue(seconds < 10, "took " + seconds + " s");
    }

    static List<Double> relDiffs(String out) {
        Matcher m = REL.matcher(out);
        java.util.ArrayList<Double> values = new java.util.ArrayList<>();
        while (m.find()) {
            values.add(Double.parseDouble(m.group(1)));
        }
        return values;
    }
}
