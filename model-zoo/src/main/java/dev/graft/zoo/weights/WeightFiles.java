package dev.graft.zoo.weights;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens a {@code --weights} argument as a {@link StateDict}: a local file by its extension
 * ({@code .safetensors}, {@code .pth}/{@code .pt}/{@code .bin}, {@code .onnx}) or a URL through
 * {@link ZooWeights}.
 */
public final class WeightFiles {

    private WeightFiles() {}

    /**
     * Reads weights.
     *
     * @param spec a file path or a URL
     * @return the tensors
     * @throws WeightImportException if the file is missing, of an unknown kind, or unreadable
     */
    public static StateDict read(String spec) throws WeightImportException {
        if (ZooWeights.isUrl(spec)) {
            return new TorchArchiveReader().read(new ZooWeights(ZooWeights.DEFAULT_TIMEOUT_SECONDS).fetch(spec));
        }
        return read(Path.of(spec));
    }

    /**
     * Reads a local weights file.
     *
     * @param file the file
     * @return the tensors
     * @throws WeightImportException if the file is missing, of an unknown kind, or unreadable
     */
    public static StateDict read(Path file) throws WeightImportException {
        if (!Files.isRegularFile(file)) {
            throw new WeightImportException(file + ": no such weights file.");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".safetensors")) {
            return new SafetensorsReader().read(file);
        }
        if (name.endsWith(".pth") || name.endsWith(".pt") || name.endsWith(".bin") || name.endsWith(".ckpt")) {
            return new TorchArchiveReader().read(file);
        }
        if (name.endsWith(".onnx")) {
            return new OnnxWeightsReader().read(file);
        }
        throw new WeightImportException(
                file + ": unknown weights format; use .safetensors, .pth, .pt (TorchScript) or .onnx,"
                        + " or a djl:// URL.");
    }
}
