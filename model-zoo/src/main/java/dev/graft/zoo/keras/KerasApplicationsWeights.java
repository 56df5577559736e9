package dev.graft.zoo.keras;

import ai.djl.util.Progress;
import ai.djl.util.Utils;
import dev.graft.zoo.weights.CachedDownload;
import dev.graft.zoo.weights.CachedDownload.Checksum;
import dev.graft.zoo.weights.WeightImportException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Fetches the Keras Applications ImageNet weights ({@code weights='imagenet'}, without the
 * classifier: Keras's {@code include_top=False} files) for {@code keras://NAME}: downloaded once
 * ({@link CachedDownload}) into DJL's cache ({@code $DJL_CACHE_DIR/cache/keras/FILE}) from the URL
 * Keras itself uses, then read as a weights-only {@code .h5} ({@link KerasH5Reader}).
 *
 * <p>The URLs and hashes are those of keras-team/keras {@code keras/src/applications}: {@code
 * mobilenet_v2.py} builds {@code BASE_WEIGHT_PATH + "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_"
 * + alpha + "_" + rows + "_no_top.h5"} and passes <b>no</b> {@code file_hash} to {@code get_file},
 * so Keras publishes no hash for MobileNetV2 and none is checked here either; {@code resnet.py}
 * publishes the MD5 {@code 4d473c1dd8becc155b73f8504c6f6626} of {@code
 * resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5}, which is checked before the file enters
 * the cache.
 *
 * @param baseUrl the weights' base address, e.g. {@value #DEFAULT_BASE_URL}
 * @param cacheRoot the folder files are cached in
 * @param offline whether to use the cache only
 * @param progress told of the download's bytes, or {@code null}
 */
public record KerasApplicationsWeights(String baseUrl, Path cacheRoot, boolean offline, Progress progress) {

    /** The URL scheme this class handles. */
    public static final String SCHEME = "keras://";

    /** The system property overriding the weights' base address (for tests and mirrors). */
    public static final String BASE_URL_PROPERTY = "graft.keras.applications.url";

    /** Where Keras Applications keeps its weights. */
    public static final String DEFAULT_BASE_URL = "https://storage.googleapis.com/tensorflow/keras-applications";

    /**
     * One downloadable file.
     *
     * @param path the path below the base URL
     * @param checksum its published hash, or null where Keras publishes none
     */
    public record Application(String path, Checksum checksum) {

        /** @return the file's name */
        public String fileName() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    /** The known names. */
    public static final Map<String, Application> APPLICATIONS = Map.of(
            "mobilenet_v2", new Application("mobilenet_v2/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5", null),
            "resnet50", new Application("resnet/resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5",
                    Checksum.keras("4d473c1dd8becc155b73f8504c6f6626")));

    /** Drops trailing slashes from the base address. */
    public KerasApplicationsWeights {
        baseUrl = baseUrl.replaceAll("/+$", "");
    }

    /**
     * A fetcher with the environment's settings: the base URL from {@value #BASE_URL_PROPERTY},
     * DJL's cache directory and offline mode.
     *
     * @param progress told of the download's bytes, or {@code null}
     * @return the fetcher
     */
    public static KerasApplicationsWeights fromEnvironment(Progress progress) {
        return new KerasApplicationsWeights(System.getProperty(BASE_URL_PROPERTY, DEFAULT_BASE_URL),
                Utils.getCacheDir().resolve("cache").resolve("keras"), Utils.isOfflineMode(), progress);
    }

    /**
     * Tells whether a weights argument is a Keras Applications name.
     *
     * @param spec the {@code --weights} value
     * @return true for {@code keras://…}
     */
    public static boolean isKerasUrl(String spec) {
        return spec.toLowerCase(Locale.ROOT).startsWith(SCHEME);
    }

    /**
     * The application a {@code keras://NAME} names.
     *
     * @param spec e.g. {@code keras://mobilenet_v2}
     * @return its file
     * @throws WeightImportException if the name is unknown
     */
    public static Application application(String spec) throws WeightImportException {
        String name = spec.substring(Math.min(spec.length(), SCHEME.length())).toLowerCase(Locale.ROOT);
        Application app = APPLICATIONS.get(name);
        if (app == null || !isKerasUrl(spec)) {
            throw new WeightImportException(spec + " is not a known Keras Applications name; write one of "
                    + APPLICATIONS.keySet().stream().sorted().map(n -> SCHEME + n).toList() + ".");
        }
        return app;
    }

    /**
     * The URL a {@code keras://NAME} downloads from.
     *
     * @param spec e.g. {@code keras://mobilenet_v2}
     * @return the URL
     * @throws WeightImportException if the name is unknown
     */
    public URI url(String spec) throws WeightImportException {
        return URI.create(baseUrl + "/" + application(spec).path());
    }

    /**
     * Returns the cached weights file, downloading (and, where Keras publishes a hash, verifying) it
     * first if it is not cached.
     *
     * @param spec e.g. {@code keras://mobilenet_v2}
     * @return the local {@code .h5}
     * @throws WeightImportException if the name is unknown, offline mode is on and the file is not
     *     cached, the download fails or its hash does not match; the message names the URL
     */
    public Path fetch(String spec) throws WeightImportException {
        Application app = application(spec);
        return CachedDownload.fetch(url(spec), cacheRoot.resolve(app.fileName()), offline, progress, app.checksum());
    }

    /**
     * Fetches and reads the weights.
     *
     * @param spec e.g. {@code keras://mobilenet_v2}
     * @return the weights-only file ({@code format} {@code "h5-weights"})
     * @throws WeightImportException as {@link #fetch} and {@link KerasH5Reader#read}
     */
    public KerasModelFile read(String spec) throws WeightImportException {
        return KerasH5Reader.read(fetch(spec));
    }
}
