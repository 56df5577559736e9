package dev.graft.zoo.weights;

import ai.djl.util.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Downloads a weights file once into a cache: written to a temporary file beside the target and
 * renamed when complete (and, when a published hash is given, only if it matches), so an
 * interrupted or corrupt download never leaves a file behind. In offline mode only the cache is
 * used; without a network a download fails within the connect and read time-outs. Every failure is
 * one sentence naming the URL and the way out: download the file and pass it as {@code --weights
 * FILE}. Shared by {@code hf://} ({@link HubWeights}) and {@code keras://} weights.
 */
public final class CachedDownload {

    /** Time limit for connecting, and for each read, in milliseconds: together under 10 s. */
    public static final int TIMEOUT_MILLIS = 4_000;

    /**
     * A published hash of a file.
     *
     * @param algorithm a {@link MessageDigest} name, {@code MD5} or {@code SHA-256}
     * @param hex the expected digest in hexadecimal
     */
    public record Checksum(String algorithm, String hex) {

        /**
         * A hash as Keras's {@code get_file(file_hash=...)} takes it: 64 hex digits are SHA-256, others MD5.
         *
         * @param hex the digest
         * @return the checksum
         */
        public static Checksum keras(String hex) {
            return new Checksum(hex.length() == 64 ? "SHA-256" : "MD5", hex.toLowerCase(Locale.ROOT));
        }
    }

    private CachedDownload() {}

    /**
     * Returns the cached file, downloading it first if it is not cached.
     *
     * @param url where to download from
     * @param target the cache file
     * @param offline whether to use the cache only
     * @param progress told of the download's bytes, or {@code null}
     * @param checksum the published hash to verify the download against, or {@code null}
     * @return {@code target}
     * @throws WeightImportException if offline mode is on and the file is not cached, or the
     *     download fails or does not match its hash; the message names the URL and suggests a local file
     */
    public static Path fetch(URI url, Path target, boolean offline, Progress progress, Checksum checksum) throws WeightImportException {
        if (Files.isRegularFile(target)) {
            return target;
        }
        String wayOut = "download it and pass the file: --weights " + target.getFileName() + ".";
        if (offline) {
            throw new WeightImportException("Cannot download " + url + ": DJL's offline mode is on (DJL_OFFLINE / ai.djl.offline) and "
                    + target + " is not cached; " + wayOut);
        }
        try {
            download(url, target, progress, checksum);
            return target;
        } catch (IOException e) {
            String reason = e instanceof java.net.SocketTimeoutException ? "no answer within " + TIMEOUT_MILLIS / 1000 + " s (no network?)"
                    : e instanceof java.net.UnknownHostException || e instanceof java.net.ConnectException
                            ? "cannot reach " + url.getHost() + " (no network?)" : e.getMessage();
            throw new WeightImportException("Could not download " + url + ": " + reason + ". D" + wayOut.substring(1), e);
        }
    }

    private static void download(URI url, Path target, Progress progress, Checksum checksum) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
        connection.setConnectTimeout(TIMEOUT_MILLIS);
        connection.setReadTimeout(TIMEOUT_MILLIS);
        connection.setInstanceFollowRedirects(true);
        connection.setRequestProperty("User-Agent", "graft");
        try {
            int status = connection.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                throw new IOException("the server answered HTTP " + status + (status == 404 ? " (no such repository or file)"
                        : status == 401 || status == 403 ? " (gated or private: accept its terms and download it yourself)" : ""));
            }
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            try {
                String digest = copy(connection, partial, "Downloading " + url, progress, checksum);
                if (checksum != null && !checksum.hex().equalsIgnoreCase(digest)) {
                    throw new IOException("the file's " + checksum.algorithm() + " is " + digest + ", not the published " + checksum.hex()
                            + " (corrupt or changed download)");
                }
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
        } finally {
            connection.disconnect();
        }
    }

    /** Copies the body into {@code partial}; returns its digest in hex, or null without a checksum. */
    private static String copy(HttpURLConnection connection, Path partial, String label, Progress progress, Checksum checksum)
            throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(checksum == null ? "MD5" : checksum.algorithm());
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("no " + checksum.algorithm() + " digest in this Java", e);
        }
        long length = connection.getContentLengthLong();
        if (progress != null) {
            progress.reset(label, Math.max(length, 1));
            progress.start(0);
        }
        long copied = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = connection.getInputStream();
                OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), digest)) {
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
        return checksum == null ? null : HexFormat.of().formatHex(digest.digest());
    }
}
