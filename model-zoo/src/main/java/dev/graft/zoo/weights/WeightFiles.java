package dev.graft.zoo.weights;

import ai.djl.training.util.ProgressBar;
import dev.graft.datasets.registry.Registry;
import dev.graft.zoo.keras.KerasApplicationsWeights;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a {@code --weights} argument as a {@link StateDict}: a local file by the format ({@link
 * WeightFormats}) claiming its ending ({@code .safetensors}, {@code .pth}/{@code .pt}/{@code
 * .bin}/{@code .ckpt}, {@code .onnx}, or a plug-in's), a Hugging Face hub URL ({@code hf://ORG/REPO[/FILE]})
 * fetched through {@link HubWeights}, or another URL fetched through {@link ZooWeights}.
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
        if (KerasApplicationsWeights.isKerasUrl(spec)) {
            Path file = KerasApplicationsWeights.fromEnvironment(new ProgressBar()).fetch(spec);
            throw new WeightImportException(spec + " (" + file + ") holds weights for Keras's own topology of the network, which"
                    + " differs from the zoo's (Keras pads asymmetrically); use --arch keras --weights " + spec + ".");
        }
        if (HubWeights.isHubUrl(spec)) {
            return read(HubWeights.fromEnvironment(new ProgressBar()).fetch(spec));
        }
        if (ZooWeights.isUrl(spec)) {
            return read(new ZooWeights(ZooWeights.DEFAULT_TIMEOUT_SECONDS).fetch(spec));
        }
        return read(Path.of(spec));
    }

    /**
     * Downloads a remote weights argument ({@code keras://}, {@code hf://}, {@code djl://} or
     * another URL) into the cache now, so that a download that cannot happen fails before the data
     * is decoded rather than after; a local path is left alone.
     *
     * @param spec a file path or a URL
     * @throws WeightImportException if the download fails; the message names the URL
     */
    public static void prefetch(String spec) throws WeightImportException {
        if (KerasApplicationsWeights.isKerasUrl(spec)) {
            KerasApplicationsWeights.fromEnvironment(new ProgressBar()).fetch(spec);
        } else if (HubWeights.isHubUrl(spec)) {
            HubWeights.fromEnvironment(new ProgressBar()).fetch(spec);
        } else if (ZooWeights.isUrl(spec)) {
            new ZooWeights(ZooWeights.DEFAULT_TIMEOUT_SECONDS).fetch(spec);
        }
    }

    /**
     * Reads a local weights file with the shared formats.
     *
     * @param file the file
     * @return the tensors
     * @throws WeightImportException if the file is missing, of an unknown kind, or unreadable
     */
    public static StateDict read(Path file) throws WeightImportException {
        return read(file, WeightFormats.REGISTRY);
    }

    /**
     * Reads a local weights file with given formats.
     *
     * @param file the file
     * @param formats the formats to choose from by the file's ending
     * @return the tensors
     * @throws WeightImportException if the file is missing, of an unknown kind (the message lists
     *     the known formats), or unreadable
     */
    public static StateDict read(Path file, Registry<WeightFormat> formats) throws WeightImportException {
        if (!Files.isRegularFile(file)) {
            throw new WeightImportException(file + ": no such weights file.");
        }
        WeightFormat format = WeightFormats.forFile(formats, file).orElseThrow(() -> new WeightImportException(
                file + ": unknown weights format; use a file of one of the known formats, " + WeightFormats.describe(formats)
                        + ", or a djl:// or hf:// URL."));
        return format.read(file);
    }
}
