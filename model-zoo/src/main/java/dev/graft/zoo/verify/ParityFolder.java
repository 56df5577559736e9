package dev.graft.zoo.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A parity folder as the shared assets lay it out ({@code parity/densenet121/}): {@code meta.json}
 * (whose {@code name} is the architecture), the weights, and one reference folder per weights
 * file: {@code reference/} for {@code weights.safetensors}, {@code reference_bf16/} for {@code
 * weights_bf16.safetensors}. Lets {@code graft zoo verify} find the reference folder and the
 * architecture itself.
 */
public final class ParityFolder {

    /** The file naming the architecture. */
    public static final String META = "meta.json";

    private ParityFolder() {}

    /**
     * Finds the reference folder to compare with. A folder of {@code input_N.npy} files is used
     * as it is. A parity folder (with {@code meta.json}), given or — when {@code reference} is
     * {@code null} — the local weights file's folder, gives the reference folder matching the
     * weights file: {@code weights_X.*} → {@code reference_X/} if it exists, else {@code reference/}.
     *
     * @param weights the {@code --weights} value (a file or URL)
     * @param reference the {@code --reference} value, or {@code null}
     * @return the folder of {@code input_N.npy} files
     * @throws IOException naming what is missing and how to say where the references are
     */
    public static Path referenceDir(String weights, Path reference) throws IOException {
        if (reference != null && !Files.isRegularFile(reference.resolve(META))) {
            return reference;
        }
        Path folder = reference != null ? reference : localParent(weights).filter(p -> Files.isRegularFile(p.resolve(META)))
                .orElseThrow(() -> new IOException("No --reference given and " + weights
                        + " is not in a parity folder (one with " + META + " and reference/); pass --reference DIR."));
        Path specific = folder.resolve(referenceName(weights));
        Path chosen = Files.isDirectory(specific) ? specific : folder.resolve("reference");
        if (!Files.isDirectory(chosen)) {
            throw new IOException(folder + " holds " + META + " but no reference/ folder; pass --reference DIR.");
        }
        return chosen;
    }

    /**
     * Reads the architecture name a parity folder's {@code meta.json} gives.
     *
     * @param referenceDir a reference folder or the parity folder itself
     * @return the {@code name} of the {@code meta.json} in it or its parent, if there is one
     * @throws IOException if that {@code meta.json} cannot be read
     */
    public static Optional<String> architectureName(Path referenceDir) throws IOException {
        for (Path folder : new Path[] {referenceDir, referenceDir.toAbsolutePath().getParent()}) {
            if (folder != null && Files.isRegularFile(folder.resolve(META))) {
                JsonNode name = new ObjectMapper().readTree(folder.resolve(META).toFile()).get("name");
                return name == null || !name.isTextual() ? Optional.empty() : Optional.of(name.asText());
            }
        }
        return Optional.empty();
    }

    /** {@code weights_bf16.safetensors} → {@code reference_bf16}; anything else → {@code reference}. */
    private static String referenceName(String weights) {
        String file = weights.substring(weights.lastIndexOf('/') + 1);
        int dot = file.indexOf('.');
        String stem = dot < 0 ? file : file.substring(0, dot);
        return stem.startsWith("weights_") ? "reference_" + stem.substring("weights_".length()) : "reference";
    }

    private static Optional<Path> localParent(String weights) {
        if (weights.contains("://") || weights.startsWith("file:")) {
            return Optional.empty();
        }
        Path parent = Path.of(weights).toAbsolutePath().getParent();
        return Optional.ofNullable(parent);
    }
}
