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
     * Finds the reference folder to compare with. A parity folder (with {@code meta.json} and
     * {@code reference/}), given or — when {@code reference} is
     * {@code null} — the local weights file's folder, gives the reference folder matching the
     * weights file: {@code weights_X.*} → {@code reference_X/} if it exists, else {@code reference/}.
     * Any other folder given is used as it is (a folder of {@code input_N.npy} files).
     *
     * @param weights the {@code --weights} value (a file or URL)
     * @param reference the {@code --reference} value, or {@code null}
     * @return the folder of {@code input_N.npy} files
     * @throws IOException naming what is missing and how to say where the references are
     */
    public static Path referenceDir(String weights, Path reference) throws IOException {
        if (reference != null) {
            return isParityFolder(reference) ? referenceIn(reference, weights) : reference;
        }
        return localParent(weights).filter(ParityFolder::isParityFolder).map(folder -> referenceIn(folder, weights))
                .orElseThrow(() -> new IOException("No --reference given and " + weights
                        + " is not in a parity folder (one with " + META + " and reference/); pass --reference DIR."));
    }

    private static boolean isParityFolder(Path folder) {
        return Files.isRegularFile(folder.resolve(META)) && Files.isDirectory(folder.resolve("reference"));
    }

    private static Path referenceIn(Path folder, String weights) {
        Path specific = folder.resolve(referenceName(weights));
        return Files.isDirectory(specific) ? specific : folder.resolve("reference");
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
