package dev.graft.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.Progress;
import com.sun.net.httpserver.HttpServer;
import dev.graft.zoo.nn.Layers;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.nn.TorchNames;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubWeightsTest {

    @Test
    void resolveUrl_defaultsToModelSafetensorsOnMain() throws Exception {
        HubWeights hub = new HubWeights("https://huggingface.co/", Path.of("/cache"), true, null);
        assertEquals("https://huggingface.co/timm/resnet50.a1_in1k/resolve/main/model.safetensors",
                hub.resolveUrl("hf://timm/resnet50.a1_in1k").toString());
        assertEquals("https://huggingface.co/org/repo/resolve/main/sub/w.safetensors", hub.resolveUrl("hf://org/repo/sub/w.safetensors").toString());
        assertEquals(Path.of("/cache/org/repo/main/sub/w.safetensors"), hub.cacheFile("hf://org/repo/sub/w.safetensors"));
    }

    @Test
    void malformedUrls_areRefusedNamingTheWayToWriteThem() {
        HubWeights hub = new HubWeights("https://huggingface.co", Path.of("/cache"), false, null);
        for (String bad : List.of("hf://timm", "hf://org//x.safetensors", "hf://org/repo/../../etc/x.safetensors", "hf://org/repo/model.bin")) {
            WeightImportException e = assertThrows(WeightImportException.class, () -> hub.fetch(bad), bad);
            assertTrue(e.getMessage().startsWith(bad) && e.getMessage().contains("safetensors"), e.getMessage());
        }
    }

    @Test
    void offlineMode_failsAtOnceNamingTheUrlAndALocalFile(@TempDir Path cache) {
        HubWeights hub = new HubWeights("https://huggingface.co", cache, true, null);
        WeightImportException e = assertThrows(WeightImportException.class, () -> hub.fetch("hf://timm/resnet18.a1_in1k"));
        assertTrue(e.getMessage().contains("https://huggingface.co/timm/resnet18.a1_in1k/resolve/main/model.safetensors"), e.getMessage());
        assertTrue(e.getMessage().contains("offline") && e.getMessage().contains("--weights model.safetensors"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void fromEnvironment_takesTheEndpointPropertyAndDjlOfflineMode() {
        String before = System.getProperty(HubWeights.ENDPOINT_PROPERTY);
        System.setProperty(HubWeights.ENDPOINT_PROPERTY, "http://127.0.0.1:9");
        try {
            // The build runs tests with DJL_OFFLINE=true, so the cache alone is asked.
            WeightImportException e = assertThrows(WeightImportException.class,
                    () -> HubWeights.fromEnvironment(null).fetch("hf://graft-tests/no-such-repo"));
            assertTrue(e.getMessage().contains("http://127.0.0.1:9/graft-tests/no-such-repo/resolve/main/model.safetensors"), e.getMessage());
            assertTrue(e.getMessage().contains("offline"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(HubWeights.ENDPOINT_PROPERTY);
            } else {
                System.setProperty(HubWeights.ENDPOINT_PROPERTY, before);
            }
        }
    }

    @Test
    void closedPort_failsWithinTenSecondsNamingTheUrl(@TempDir Path cache) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertFailsWithinTenSeconds(new HubWeights("http://127.0.0.1:" + port, cache, false, null), "http://127.0.0.1:" + port);
    }

    @Test
    void silentServer_readTimesOutWithinTenSecondsNamingTheUrl(@TempDir Path cache) throws Exception {
        // Connections complete in the listen backlog, but nothing ever answers: the read time-out ends it.
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            String endpoint = "http://127.0.0.1:" + silent.getLocalPort();
            double seconds = assertFailsWithinTenSeconds(new HubWeights(endpoint, cache, false, null), endpoint);
            assertTrue(seconds >= HubWeights.TIMEOUT_MILLIS / 1000.0 - 0.5, "the read time-out ended it: " + seconds + " s");
        }
    }

    @Test
    void realHubWithoutNetwork_failsWithinTenSecondsNamingTheUrl(@TempDir Path cache) throws Exception {
        // With a network the hub answers 404 for this repository: the failure names the URL either way.
        assertFailsWithinTenSeconds(new HubWeights(HubWeights.DEFAULT_ENDPOINT, cache, false, null), HubWeights.DEFAULT_ENDPOINT);
    }

    private static double assertFailsWithinTenSeconds(HubWeights hub, String endpoint) {
        long start = System.nanoTime();
        WeightImportException e = assertThrows(WeightImportException.class, () -> hub.fetch("hf://graft-tests/no-such-repo"));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s failed after %.2f s: %s%n", endpoint, seconds, e.getMessage());
        assertTrue(seconds < 10, "took " + seconds + " s");
        assertTrue(e.getMessage().contains(endpoint + "/graft-tests/no-such-repo/resolve/main/model.safetensors"), e.getMessage());
        assertTrue(e.getMessage().contains("--weights model.safetensors"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        return seconds;
    }

    @Test
    void localServer_downloadsOnceIntoTheCacheAtomicallyAndLoads(@TempDir Path dir) throws Exception {
        float[] weight = {0.5f, -1.25f, 3f, 1e-30f, -0f, 7f};
        float[] bias = {0.125f, -2f};
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put("fc.weight", new TensorData(new long[] {2, 3}, weight));
        tensors.put("fc.bias", new TensorData(new long[] {2}, bias));
        Path served = dir.resolve("served.safetensors");
        SafetensorsWriter.write(served, tensors, Map.of());
        byte[] bytes = Files.readAllBytes(served);
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/org/repo/resolve/main/", exchange -> {
            requests.incrementAndGet();
            boolean known = exchange.getRequestURI().getPath().equals("/org/repo/resolve/main/model.safetensors");
            exchange.sendResponseHeaders(known ? 200 : 404, known ? bytes.length : -1);
            try (OutputStream out = exchange.getResponseBody()) {
                if (known) {
                    out.write(bytes);
                }
            }
        });
        server.start();
        try {
            String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
            AtomicLong reported = new AtomicLong();
            Path cache = dir.resolve("cache");
            HubWeights hub = new HubWeights(endpoint, cache, false, new CountingProgress(reported));
            Path fetched = hub.fetch("hf://org/repo");
            assertEquals(cache.resolve("org/repo/main/model.safetensors"), fetched);
            assertArrayEquals(bytes, Files.readAllBytes(fetched));
            assertEquals(bytes.length, reported.get(), "progress saw every byte");
            try (Stream<Path> files = Files.list(fetched.getParent())) {
                assertEquals(List.of(fetched), files.toList(), "no partial file left");
            }
            assertEquals(fetched, hub.fetch("hf://org/repo"));
            assertEquals(fetched, new HubWeights(endpoint, cache, true, null).fetch("hf://org/repo"), "offline, the cache serves");
            assertEquals(1, requests.get(), "downloaded once");

            WeightImportException missing = assertThrows(WeightImportException.class, () -> hub.fetch("hf://org/repo/other.safetensors"));
            assertTrue(missing.getMessage().contains(endpoint + "/org/repo/resolve/main/other.safetensors")
                    && missing.getMessage().contains("404"), missing.getMessage());
            assertFalse(Files.exists(cache.resolve("org/repo/main/other.safetensors")));

            StateDict state = WeightFiles.read(fetched);
            try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                NamedSequential net = new NamedSequential().add("fc", Layers.linear(2));
                net.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
                WeightLoader.load(net, state);
                assertArrayEquals(weight, TorchNames.of(net).get("fc.weight").getArray().toFloatArray());
                assertArrayEquals(bias, TorchNames.of(net).get("fc.bias").getArray().toFloatArray());
            }
        } finally {
            server.stop(0);
        }
    }

    /** Adds up the bytes a download reports. */
    private record CountingProgress(AtomicLong bytes) implements Progress {
        @Override
        public void reset(String message, long max, String trailingMessage) {}

        @Override
        public void start(long initialProgress) {}

        @Override
        public void end() {}

        @Override
        public void increment(long increment) {
            bytes.addAndGet(increment);
        }

        @Override
        public void update(long progress, String message) {}
    }
}
