package dev.graft.zoo.weights;

import ai.djl.repository.Artifact;
import ai.djl.repository.MRL;
import ai.djl.repository.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Fetches weights named by a URL through DJL's repository API: {@code djl://ai.djl.pytorch/resnet18}
 * (DJL's model zoo, downloaded once into DJL's cache), {@code https://…} archives, or a local zoo
 * directory as a {@code file:} URL. The artifact's TorchScript file then goes through {@link
 * TorchArchiveReader}. A fetch that cannot finish within the time limit (no network) fails with
 * a message naming the URL and the way out: pass a local file.
 */
public final class ZooWeights {

    /** How long a fetch may take before it is abandoned. */
    public static final long DEFAULT_TIMEOUT_SECONDS = 8;

    private static final Pattern SHORT_RESNET = Pattern.compile("djl://ai\\.djl\\.pytorch/resnet(\\d+)/?");

    private final long timeoutSeconds;

    /**
     * Creates a fetcher.
     *
     * @param timeoutSeconds the time limit for resolving and downloading
     */
    public ZooWeights(long timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * Tells whether a weights argument is a URL this class handles.
     *
     * @param spec the {@code --weights} value
     * @return true for {@code djl://}, {@code file:}, {@code http(s)://} and {@code s3://}
     */
    public static boolean isUrl(String spec) {
        String s = spec.toLowerCase(Locale.ROOT);
        return s.startsWith("djl://") || s.startsWith("file:") || s.startsWith("http://")
                || s.startsWith("https://") || s.startsWith("s3://");
    }

    /**
     * Resolves a URL to a local TorchScript file, downloading it if needed.
     *
     * @param url the URL
     * @return the local {@code .pt} file
     * @throws WeightImportException if the URL cannot be resolved in time, holds no model, or
     *     holds no TorchScript file
     */
    public Path fetch(String url) throws WeightImportException {
        ExecutorService executor =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread thread = new Thread(r, "graft-zoo-fetch");
                            thread.setDaemon(true);
                            return thread;
                        });
        try {
            Future<Path> result = executor.submit(() -> download(url));
            return result.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new WeightImportException(
                    "Could not fetch " + url + " within " + timeoutSeconds
                            + " s (no network?). Pass a local weights file instead, e.g. --weights resnet18.pth.",
                    e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WeightImportException w) {
                throw w;
            }
            String reason =
                    cause instanceof java.net.UnknownHostException || cause instanceof java.net.ConnectException
                            ? "cannot reach " + cause.getMessage() + " (no network?)"
                            : String.valueOf(cause.getMessage());
            throw new WeightImportException(
                    "Could not fetch " + url + ": " + reason
                            + ". Pass a local weights file instead, of one of the formats "
                            + WeightFormats.describe(WeightFormats.REGISTRY) + ".",
                    cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WeightImportException("Interrupted while fetching " + url, e);
        } finally {
            executor.shutdownNow();
        }
    }

    /**
     * Expands Graft's short zoo names to DJL's model-zoo coordinates: {@code
     * djl://ai.djl.pytorch/resnet18} is artifact {@code traced_resnet18} of DJL's {@code resnet}
     * model. Other URLs are returned unchanged.
     *
     * @param url the URL as the user typed it
     * @return the URL DJL's repository API understands
     */
    public static String expand(String url) {
        Matcher m = SHORT_RESNET.matcher(url);
        return m.matches() ? "djl://ai.djl.pytorch/resnet/0.0.1/traced_resnet" + m.group(1) : url;
    }

    private static Path download(String url) throws IOException, WeightImportException {
        Repository repository = Repository.newInstance("graft-weights", expand(url));
        List<MRL> resources = repository.getResources();
        if (resources.isEmpty()) {
            throw new WeightImportException(url + " holds no model. Check the URL, or pass a local weights file.");
        }
        MRL mrl = resources.get(0);
        Artifact artifact = mrl.getDefaultArtifact();
        if (artifact == null) {
            throw new WeightImportException(url + " holds no model artifact. Check the URL, or pass a local weights file.");
        }
        mrl.prepare(artifact);
        Path directory = repository.getResourceDirectory(artifact);
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".pt"))
                    .sorted()
                    .findFirst()
                    .orElseThrow(
                            () -> new WeightImportException(
                                    url + " was fetched to " + directory + " but holds no TorchScript .pt file."));
        }
    }
}
