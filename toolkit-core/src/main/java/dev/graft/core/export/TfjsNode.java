package dev.graft.core.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * TensorFlow.js in Node, the independent check of a TensorFlow.js export: pure {@code
 * @tensorflow/tfjs} {@value #VERSION} (CPU backend, plain JavaScript) installed once into a cache
 * folder, {@code ~/.cache/graft/tfjs-check} unless {@code GRAFT_TFJS_CHECK} names another, and the
 * script {@code tfjs-predict.js} (a resource beside this class) that loads a layers model from disk
 * and predicts.
 */
public final class TfjsNode {

    /** The {@code @tensorflow/tfjs} version the check uses. */
    public static final String VERSION = "4.22.0";

    private static final long TIMEOUT_SECONDS = 600;

    private TfjsNode() {}

    /**
     * What the model returned.
     *
     * @param output the output values, row-major
     * @param shape the output shape
     * @param summary the script's summary: {@code shape}, {@code backend}, {@code version}, {@code metadata}
     */
    public record Prediction(float[] output, long[] shape, JsonNode summary) {}

    /** @return the cache folder holding {@code node_modules/@tensorflow/tfjs} */
    public static Path folder() {
        String custom = System.getenv("GRAFT_TFJS_CHECK");
        return custom != null && !custom.isBlank() ? Path.of(custom)
                : Path.of(System.getProperty("user.home"), ".cache", "graft", "tfjs-check");
    }

    /**
     * Tells why the check cannot run here, if it cannot.
     *
     * @return the reason (no {@code node} on the PATH, or the package not installed), or empty when it can run
     */
    public static Optional<String> missing() {
        if (!nodeRuns()) {
            return Optional.of("node is not on the PATH");
        }
        Path packageJson = folder().resolve("node_modules/@tensorflow/tfjs/package.json");
        String installed = null;
        try {
            installed = new ObjectMapper().readTree(packageJson.toFile()).path("version").asText(null);
        } catch (IOException absent) {
            // not installed
        }
        return VERSION.equals(installed) ? Optional.empty() : Optional.of("@tensorflow/tfjs " + VERSION + " is not installed in " + folder()
                + " (npm install --prefix " + folder() + " @tensorflow/tfjs@" + VERSION + ")");
    }

    /**
     * Installs {@code @tensorflow/tfjs} into the cache folder with npm unless it is there already
     * (tests call this; {@code graft export} only uses what is installed).
     *
     * @return why the check still cannot run (no {@code node}, npm failed), or empty when it can
     */
    public static Optional<String> install() {
        Optional<String> missing = missing();
        if (missing.isEmpty() || !nodeRuns()) {
            return missing;
        }
        try {
            Files.createDirectories(folder());
            run(List.of("npm", "install", "--prefix", folder().toString(), "--no-audit", "--no-fund", "@tensorflow/tfjs@" + VERSION),
                    "npm install");
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
        return missing();
    }

    /**
     * Runs a layers model on an input.
     *
     * @param modelDir the folder holding {@code model.json} and its shards
     * @param nhwc the input values, NHWC
     * @param shape the input shape
     * @return the output and the script's summary
     * @throws IOException if Node is missing, the script fails, or its output cannot be read
     */
    public static Prediction predict(Path modelDir, float[] nhwc, long[] shape) throws IOException {
        Path work = Files.createTempDirectory("graft-tfjs-check");
        try {
            Path script = work.resolve("tfjs-predict.js");
            try (InputStream in = TfjsNode.class.getResourceAsStream("tfjs-predict.js")) {
                Files.copy(in, script);
            }
            ByteBuffer input = ByteBuffer.allocate(4 * nhwc.length).order(ByteOrder.LITTLE_ENDIAN);
            input.asFloatBuffer().put(nhwc);
            Path inputFile = Files.write(work.resolve("input.bin"), input.array());
            Path outputFile = work.resolve("output.bin");
            String dims = String.join(",", java.util.Arrays.stream(shape).mapToObj(Long::toString).toList());
            String stdout = run(List.of("node", script.toString(), modelDir.toAbsolutePath().toString(), inputFile.toString(), dims,
                    outputFile.toString()), "TensorFlow.js");
            String last = stdout.strip().lines().reduce((a, b) -> b).orElse("");
            JsonNode summary = new ObjectMapper().readTree(last);
            ByteBuffer output = ByteBuffer.wrap(Files.readAllBytes(outputFile)).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[output.remaining() / 4];
            output.asFloatBuffer().get(values);
            long[] outShape = new long[summary.path("shape").size()];
            for (int i = 0; i < outShape.length; i++) {
                outShape[i] = summary.path("shape").get(i).asLong();
            }
            return new Prediction(values, outShape, summary);
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static boolean nodeRuns() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a command with the cache folder's packages on NODE_PATH; returns its stdout or fails with its last stderr line. */
    private static String run(List<String> command, String what) throws IOException {
        Path err = Files.createTempFile("graft-tfjs", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
            builder.environment().put("NODE_PATH", folder().resolve("node_modules").toString());
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(what + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                String message = Files.readAllLines(err).stream().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("no message");
                throw new IOException(what + " failed (exit " + process.exitValue() + "): " + message);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + " was interrupted", e);
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
