package dev.graft.core.diagnose;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graft.core.io.RunJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a run's {@code metrics.json} and diagnoses it. Errors are the weighted errors, so class
 * costs given with {@code --class-weight} count.
 */
public final class Diagnoser {

    private Diagnoser() {}

    /**
     * Diagnoses a run.
     *
     * @param run the run directory
     * @param humanError the human-level error
     * @return the diagnosis
     * @throws IOException if the run has no readable metrics.json
     */
    public static Diagnosis diagnose(Path run, double humanError) throws IOException {
        Path file = run.resolve("metrics.json");
        if (!Files.isRegularFile(file)) {
            throw new IOException(run + " holds no metrics.json; pass a run directory written by graft finetune.");
        }
        JsonNode metrics = RunJson.PLAIN.readTree(file.toFile());
        if (metrics.path("train").isMissingNode() || metrics.path("val").isMissingNode()) {
            throw new IOException(file + " lacks train or val metrics.");
        }
        return Diagnosis.of(humanError, error(metrics, "train"), error(metrics, "train_val"), error(metrics, "val"),
                error(metrics, "test"), count(metrics, "train"), count(metrics, "train_val"), count(metrics, "val"),
                count(metrics, "test"));
    }

    private static double error(JsonNode metrics, String split) {
        JsonNode node = metrics.path(split);
        return node.isObject() ? node.path("weighted_error").asDouble() : Double.NaN;
    }

    private static int count(JsonNode metrics, String split) {
        return metrics.path(split).path("count").asInt(0);
    }
}
