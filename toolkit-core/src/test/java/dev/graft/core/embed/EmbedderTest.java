package dev.graft.core.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import dev.graft.datasets.DatasetException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class EmbedderTest {

    private static List<BufferedImage> images(int count) {
        Random random = new Random(9);
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(80, 72, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            for (int k = 0; k < 6; k++) {
                g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
                g.fillOval(random.nextInt(80), random.nextInt(72), 10 + random.nextInt(30), 10 + random.nextInt(30));
            }
            g.dispose();
            images.add(image);
        }
        return images;
    }

    private static Embedder embedder(Embedder.Engine engine) throws Exception {
        Engine.getEngine("PyTorch").setRandomSeed(4);
        return Embedder.builder().optArchitecture("resnet18").optCut("layer2").optImageSize(64).optBatchSize(5)
                .optEngine(engine).build();
    }

    /** Embeds every image from 4 threads at once, each thread in its own order; returns thread 0's vectors per image. */
    private static List<float[][]> concurrently(Embedder embedder, List<BufferedImage> images) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[][]>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int shift = t * 3;
                futures.add(pool.submit(() -> {
                    float[][] out = new float[images.size()][];
                    for (int i = 0; i < images.size(); i++) {
                        int index = (i + shift) % images.size();
                        out[index] = embedder.embed(images.get(index));
                    }
                    return out;
                }));
            }
            List<float[][]> all = new ArrayList<>();
            for (Future<float[][]> f : futures) {
                all.add(f.get());
            }
            return all;
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void fourThreads_getTheSameVectorsAsOne_onBothEngines_andTheEnginesAgree() throws Exception {
        List<BufferedImage> images = images(12);
        float[][] torchVectors;
        try (Embedder torch = embedder(Embedder.Engine.PYTORCH)) {
            assertEquals(128, torch.dimension(), "layer2 of ResNet-18 has 128 channels, pooled");
            torchVectors = torch.embed(images);
            float[][] oneByOne = new float[images.size()][];
            for (int i = 0; i < images.size(); i++) {
                oneByOne[i] = torch.embed(images.get(i));
                assertArrayEquals(torchVectors[i], oneByOne[i], 1e-5f, "a batch of 5 and a batch of 1 agree to rounding");
            }
            for (float[][] fromThread : concurrently(torch, images)) {
                for (int i = 0; i < images.size(); i++) {
                    assertArrayEquals(oneByOne[i], fromThread[i], "PyTorch, image " + i + ": bit-identical under 4 threads");
                }
            }
        }
        try (Embedder ort = embedder(Embedder.Engine.ONNX_RUNTIME)) {
            float[][] ortVectors = ort.embed(images);
            double worst = 0;
            for (int i = 0; i < images.size(); i++) {
                for (int j = 0; j < ortVectors[i].length; j++) {
                    worst = Math.max(worst, Math.abs(ortVectors[i][j] - torchVectors[i][j]));
                }
            }
            assertTrue(worst <= 1e-4, "ONNX Runtime vs PyTorch max abs diff " + worst);
            for (float[][] fromThread : concurrently(ort, images)) {
                for (int i = 0; i < images.size(); i++) {
                    assertArrayEquals(ort.embed(images.get(i)), fromThread[i], "ONNX Runtime, image " + i + ": bit-identical under 4 threads");
                }
            }
        }
    }

    @Test
    void encodedBytes_giveTheSameVectorsAsDecodedImages_andGarbageIsNamed() throws Exception {
        List<BufferedImage> images = images(3);
        List<byte[]> encoded = new ArrayList<>();
        for (BufferedImage image : images) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            encoded.add(png.toByteArray());
        }
        try (Embedder embedder = embedder(Embedder.Engine.PYTORCH)) {
            float[][] fromBytes = embedder.embedBytes(encoded);
            float[][] fromImages = embedder.embed(images);
            for (int i = 0; i < images.size(); i++) {
                assertArrayEquals(fromImages[i], fromBytes[i]);
            }
            DatasetException e = assertThrows(DatasetException.class,
                    () -> embedder.embedBytes(List.of(encoded.get(0), new byte[] {1, 2, 3})));
            assertTrue(e.getMessage().startsWith("image 1 "), e.getMessage());
        }
    }
}
