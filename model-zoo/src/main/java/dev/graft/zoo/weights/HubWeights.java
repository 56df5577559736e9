package dev.graft.zoo.weights;

import ai.djl.util.Progress;
import ai.djl.util.Utils;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Fetches a safetensors file from the Hugging Face hub: {@code hf://ORG/REPO[/FILE]} (FILE
 * defaults to {@code model.safetensors}) is downloaded once ({@link CachedDownload}), through the hub's resolve URL {@code
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
    public static final int TIMEOUT_MILLIS = CachedDownload.TIMEOUT_MILLIS;

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
        return CachedDownload.fetch(resolveUrl(spec), cacheFile(spec), offline, progress, null);
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
