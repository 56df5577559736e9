package dev.graft.zoo.weights;

import ai.djl.util.Progress;
import ai.djl.util.Utils;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Fetches a safetensors file from the Hugging Face hub: {@code hf://ORG/REPO[/FILE]} (FILE
 * defaults to {@code model.safetensors}) is downloaded once, through the hub's resolve URL {@code
 * https://huggingface.co/ORG/REPO/resolve/main/FILE}, into DJL's cache ({@code
 * $DJL_CACHE_DIR/cache/hf/ORG/REPO/main/FILE}), written to a temporary file and renamed when
 * complete, so an interrupted download never leaves a partial file behind. The file then goes
 * through {@link SafetensorsReader} like a local one. In DJL's offline mode ({@code DJL_OFFLINE}
 * / {@code ai.djl.offline}, as for {@code djl://}) only the cache is used; without a network a
 * download fails within the connect and read time-outs. Either failure is one sentence naming
 * the URL and the way out: download the file and pass it as {@code --weights FILE}.
 *
 * <p>Names: timm's ResNet checkpoints ({@code timm/resnet50.a1_in1k} and the like) use
 * torchvision's state-dict names, so they load into Graft's {@code resnet18/34/50} as they are.
 * timm's other families (EfficientNet, MobileNetV3, DenseNet, ConvNeXt, ViT) name their tensors
 * differently (e.g. {@code conv_stem}, {@code blocks.0.0}, {@code stem.0}, {@code
 * patch_embed.proj}); no mapping from those names to torchvision's exists yet, so such files are
 * refused by the loader naming the tensors it cannot place.
 */
public final class HubWeights {

    /** The URL scheme this class handles. */
    public static final String SCHEME = "hf://";

    /** The file fetched when a URL names only ORG/REPO. */
    public static final String DEFAULT_FILE = "model.safetensors";

    /** The system property overriding the hub's address (also {@code HF_ENDPOINT}, the hub's own variable). */
    public static final String ENDPOINT_PROPERTY = "graft.hf.endpoint";

    /** The hub's address. */
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

    /** Time limit for connecting, and for each read, in milliseconds: together under 10 s. */
    public static final int TIMEOUT_MILLIS = 4_000;

    private final String endpoint;
    private final Path cacheRoot;
    private final boolean offline;
    private final Progress progress;

    /**
     * A fetcher with explicit settings.
     *
     * @param endpoint the hub's address, e.g. {@code https://huggingface.co}
     * @param cacheRoot the folder files are cached under ({@code ORG/REPO/main/FILE})
     * @param offline whether to use the cache only
     * @param progress told of the download's bytes, or {@code null}
     */
    public HubWeights(String endpoint, Path cacheRoot, boolean offline, Progress progress) {
        this.endpoint = endpoint.replaceAll("/+$", "");
        this.cacheRoot = cacheRoot;
        this.offline = offline;
        this.progress = progress;
    }

    /**
     * A fetcher with the environment's settings: the endpoint from {@value #ENDPOINT_PROPERTY} or
     * {@code HF_ENDPOINT}, DJL's cache directory and offline mode.
     *
     * @param progress told of the download's bytes, or {@code null}
     * @return the fetcher
     */
    public static HubWeights fromEnvironment(Progress progress) {
        String endpoint = System.getProperty(ENDPOINT_PROPERTY, Utils.getenv("HF_ENDPOINT", DEFAULT_ENDPOINT));
        return new HubWeights(endpoint, Utils.getCacheDir().resolve("cache").resolve("hf"), Utils.isOfflineMode(), progress);
    }

    /**
     * Tells whether a weights argument is a hub URL.
     *
     * @param spec the {@code --weights} value
     * @return true for {@code hf://…}
     */
    public static boolean isHubUrl(String spec) {
        return spec.toLowerCase(Locale.ROOT).startsWith(SCHEME);
    }

    /**
     * The resolve URL a hub URL downloads from.
     *
     * @param spec {@code hf://ORG/REPO[/FILE]}
     * @return e.g. {@code https://huggingface.co/ORG/REPO/resolve/main/model.safetensors}
     * @throws WeightImportException if the URL is malformed
     */
    public URI resolveUrl(String spec) throws WeightImportException {
        List<String> parts = parts(spec);
        String path = "/" + String.join("/", parts.subList(0, 2)) + "/resolve/main/" + String.join("/", parts.subList(2, parts.size()));
        try {
            return new URI(endpoint + path);
        } catch (URISyntaxException e) {
            throw new WeightImportException(spec + " does not make a valid URL (" + e.getMessage() + ").", e);
        }
    }

    /**
     * The cache file of a hub URL.
     *
     * @param spec {@code hf://ORG/REPO[/FILE]}
     * @return where the file is (or will be) cached
     * @throws WeightImportException if the URL is malformed
     */
    public Path cacheFile(String spec) throws WeightImportException {
        List<String> parts = parts(spec);
        Path file = cacheRoot.resolve(parts.get(0)).resolve(parts.get(1)).resolve("main");
        for (String part : parts.subList(2, parts.size())) {
            file = file.resolve(part);
        }
        return file;
    }

    /**
     * Returns the cached file of a hub URL, downloading it first if it is not cached.
     *
     * @param spec {@code hf://ORG/REPO[/FILE]}
     * @return the local safetensors file
     * @throws WeightImportException if the URL is malformed, offline mode is on and the file is
     *     not cached, or the download fails; the message names the URL and suggests a local file
     */
    public Path fetch(String spec) throws WeightImportException {
        Path target = cacheFile(spec);
        if (Files.isRegularFile(target)) {
            return target;
        }
        URI url = resolveUrl(spec);
        if (offline) {
            throw new WeightImportException("Cannot download " + url + ": DJL's offline mode is on (DJL_OFFLINE / ai.djl.offline) and "
                    + target + " is not cached; download it and pass the file: --weights " + target.getFileName() + ".");
        }
        try {
            download(url, target);
            return target;
        } catch (IOException e) {
            String reason = e instanceof java.net.SocketTimeoutException ? "no answer within " + TIMEOUT_MILLIS / 1000 + " s (no network?)"
                    : e instanceof java.net.UnknownHostException || e instanceof java.net.ConnectException
                            ? "cannot reach " + url.getHost() + " (no network?)" : e.getMessage();
            throw new WeightImportException("Could not download " + url + ": " + reason + ". Download it and pass the file: --weights "
                    + target.getFileName() + ".", e);
        }
    }

    private void download(URI url, Path target) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
        connection.setConnectTimeout(TIMEOUT_MILLIS);
        connection.setReadTimeout(TIMEOUT_MILLIS);
        connection.setInstanceFollowRedirects(true);
        connection.setRequestProperty("User-Agent", "graft");
        try {
            int status = connection.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                throw new IOException("the hub answered HTTP " + status + (status == 404 ? " (no such repository or file)"
                        : status == 401 || status == 403 ? " (gated or private: accept its terms on the hub and download it yourself)" : ""));
            }
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            try {
                copy(connection, partial, "Downloading " + url);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
        } finally {
            connection.disconnect();
        }
    }

    private void copy(HttpURLConnection connection, Path partial, String label) throws IOException {
        long length = connection.getContentLengthLong();
        if (progress != null) {
            progress.reset(label, Math.max(length, 1));
            progress.start(0);
        }
        long copied = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = connection.getInputStream(); OutputStream out = Files.newOutputStream(partial)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                copied += n;
                if (progress != null) {
                    progress.increment(n);
                }
            }
        }
        if (progress != null) {
            progress.end();
        }
        if (length >= 0 && copied != length) {
            throw new IOException("the download ended after " + copied + " of " + length + " bytes");
        }
    }

    /** ORG, REPO and the file's path segments; refuses empty, {@code .} and {@code ..} segments. */
    private static List<String> parts(String spec) throws WeightImportException {
        String rest = spec.substring(SCHEME.length());
        List<String> parts = Arrays.asList(rest.split("/", -1));
        boolean bad = parts.size() < 2 || parts.stream().anyMatch(p -> p.isEmpty() || p.equals(".") || p.equals("..") || p.contains("\\"));
        if (bad) {
            throw new WeightImportException(spec + " is not a hub URL; write hf://ORG/REPO or hf://ORG/REPO/FILE.safetensors.");
        }
        if (parts.size() == 2) {
            parts = List.of(parts.get(0), parts.get(1), DEFAULT_FILE);
        }
        if (!parts.get(parts.size() - 1).toLowerCase(Locale.ROOT).endsWith(".safetensors")) {
            throw new WeightImportException(spec + ": hf:// fetches safetensors files only; name a .safetensors file, or download"
                    + " the file and pass it with --weights.");
        }
        return parts;
    }
}
