package dev.graft.zoo.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.graft.zoo.weights.CachedDownload;
import dev.graft.zoo.weights.WeightImportException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerasApplicationsWeightsTest {

    static final String MOBILENET_V2_URL = "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/"
            + "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5";

    @Test
    void names_resolveToKerasApplicationsNoTopUrls() throws Exception {
        KerasApplicationsWeights keras = new KerasApplicationsWeights(KerasApplicationsWeights.DEFAULT_BASE_URL, Path.of("/cache"), true, null);
        assertEquals(MOBILENET_V2_URL, keras.url("keras://mobilenet_v2").toString());
        assertEquals("https://storage.googleapis.com/tensorflow/keras-applications/resnet/resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5",
                keras.url("keras://resnet50").toString());
        assertEquals(null, KerasApplicationsWeights.application("keras://mobilenet_v2").checksum(), "Keras publishes no MobileNetV2 hash");
        assertEquals("4d473c1dd8becc155b73f8504c6f6626", KerasApplicationsWeights.application("keras://resnet50").checksum().hex());
        WeightImportException e = assertThrows(WeightImportException.class, () -> keras.fetch("keras://vgg16"));
        assertTrue(e.getMessage().startsWith("keras://vgg16") && e.getMessage().contains("keras://mobilenet_v2"), e.getMessage());
    }

    @Test
    void offlineEnvironment_failsWithinTenSecondsNamingTheUrlAndALocalFile() {
        // The build runs tests with DJL_OFFLINE=true, as a machine without network would be told to.
        long start = System.nanoTime();
        WeightImportException e = assertThrows(WeightImportException.class, () -> KerasApplicationsWeights.fromEnvironment(null)
                .fetch("keras://mobilenet_v2"));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("keras://mobilenet_v2 offline failed after %.3f s: %s%n", seconds, e.getMessage());
        assertTrue(seconds < 10, seconds + " s");
        assertTrue(e.getMessage().contains(MOBILENET_V2_URL), e.getMessage());
        assertTrue(e.getMessage().contains("--weights mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void unreachableServer_failsWithinTenSecondsNamingTheUrl(@TempDir Path cache) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            for (String base : List.of("http://127.0.0.1:" + port, "http://127.0.0.1:" + silent.getLocalPort())) {
                long start = System.nanoTime();
                WeightImportException e = assertThrows(WeightImportException.class,
                        () -> new KerasApplicationsWeights(base, cache, false, null).fetch("keras://mobilenet_v2"));
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("%s failed after %.2f s: %s%n", base, seconds, e.getMessage());
                assertTrue(seconds < 10, seconds + " s");
                assertTrue(e.getMessage().contains(base + "/mobilenet_v2/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5"),
                        e.getMessage());
                assertTrue(e.getMessage().contains("--weights mobilenet_v2_weights"), e.getMessage());
            }
        }
    }

    @Test
    void localServer_downloadsOnceChecksPublishedHashesAndReads(@TempDir Path dir) throws Exception {
        Map<String, List<KerasWeight>> layers = new LinkedHashMap<>();
        layers.put("Conv1", List.of(new KerasWeight("kernel", "Conv1/kernel", new long[] {1, 1, 1, 2}, new float[] {0.25f, -4f})));
        Path served = dir.resolve("served.h5");
        KerasWeightsWriter.write(served, layers, "2.2.4");
        byte[] bytes = Files.readAllBytes(served);
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Path cache = dir.resolve("cache");
            KerasApplicationsWeights keras = new KerasApplicationsWeights(base, cache, false, null);
            KerasModelFile model = keras.read("keras://mobilenet_v2");
            assertEquals("h5-weights", model.format());
            assertArrayEquals(new float[] {0.25f, -4f}, model.weightsByLayer().get("Conv1").get(0).values());
            assertEquals(cache.resolve("mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5"), keras.fetch("keras://mobilenet_v2"));
            assertEquals(1, requests.get(), "downloaded once");

            // resnet50 has a published MD5 that these bytes do not have: refused, nothing cached.
            WeightImportException e = assertThrows(WeightImportException.class, () -> keras.fetch("keras://resnet50"));
            assertTrue(e.getMessage().contains("4d473c1dd8becc155b73f8504c6f6626") && e.getMessage().contains(base + "/resnet/"), e.getMessage());
            try (Stream<Path> files = Files.list(cache)) {
                assertEquals(List.of("mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5"),
                        files.map(p -> p.getFileName().toString()).toList(), "no partial or unverified file");
            }
            // A matching hash passes.
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            Path verified = CachedDownload.fetch(URI.create(base + "/x.h5"), dir.resolve("verified/x.h5"), false, null,
                    CachedDownload.Checksum.keras(sha256));
            assertArrayEquals(bytes, Files.readAllBytes(verified));
        } finally {
            server.stop(0);
        }
    }
}
