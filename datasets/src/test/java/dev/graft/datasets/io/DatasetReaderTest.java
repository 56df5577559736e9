package dev.graft.datasets.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.datasets.DatasetException;
import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.image.BadImagePolicy;
import dev.graft.datasets.image.ImageDecoder;
import dev.graft.datasets.image.ImageLoader;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetReaderTest {

    private final DatasetReader reader = new DatasetReader(ImageDecoder.standard());

    private static Path image(Path file, Color color, String format) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                image.setRGB(x, y, color.getRGB() ^ (x * 5 + y * 3));
            }
        }
        ImageIO.write(image, format, file.toFile());
        return file;
    }

    @Test
    void imageFolder_withSplitSubtrees_keepsGivenSplits(@TempDir Path root) throws Exception {
        image(root.resolve("train/ants/a1.jpg"), Color.RED, "jpg");
        image(root.resolve("train/bees/b1.png"), Color.BLUE, "png");
        image(root.resolve("val/bees/b2.png"), Color.BLUE, "png");
        DatasetReader.Source source = reader.read(root);
        assertEquals(java.util.List.of("ants", "bees"), source.train().classNames());
        assertEquals(2, source.train().size());
        assertEquals(1, source.val().size());
        assertEquals(1, source.val().images().get(0).label());
        assertEquals(null, source.test());
    }

    @Test
    void imageFolder_emptyClassFolder_isNamed(@TempDir Path root) throws Exception {
        image(root.resolve("ants/a1.jpg"), Color.RED, "jpg");
        Files.createDirectories(root.resolve("bees"));
        DatasetException e = assertThrows(DatasetException.class, () -> reader.read(root));
        assertTrue(e.getMessage().contains("bees") && e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void singleClassDataset_isRefusedForTraining(@TempDir Path root) throws Exception {
        image(root.resolve("ants/a1.jpg"), Color.RED, "jpg");
        ImageDataset data = reader.read(root).train();
        DatasetException e = assertThrows(DatasetException.class, () -> data.requireTrainable(root.toString()));
        assertTrue(e.getMessage().contains("single class"), e.getMessage());
    }

    @Test
    void csvManifest_readsLabelsGroupsAndAttributes(@TempDir Path root) throws Exception {
        image(root.resolve("img/1.png"), Color.RED, "png");
        image(root.resolve("img/2.png"), Color.GREEN, "png");
        Path csv = Files.writeString(root.resolve("labels.csv"),
                "path,label,group,site\nimg/1.png,mel,p1,\"back, upper\"\nimg/2.png,nev,p1,arm\n");
        ImageDataset data = reader.read(csv).train();
        assertEquals(java.util.List.of("mel", "nev"), data.classNames());
        assertEquals("p1", data.images().get(0).group());
        assertEquals(Map.of("site", "back, upper"), data.images().get(0).attributes());
    }

    @Test
    void csvManifest_pathEscapingRoot_isRefusedWithLine(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("data"));
        image(dir.resolve("x.jpg"), Color.RED, "jpg");
        image(root.resolve("ok.jpg"), Color.RED, "jpg");
        Path csv = Files.writeString(root.resolve("labels.csv"), "path,label\nok.jpg,a\n../x.jpg,b\n");
        DatasetException e = assertThrows(DatasetException.class, () -> reader.read(csv));
        assertTrue(e.getMessage().contains("labels.csv:3"), e.getMessage());
        assertTrue(e.getMessage().contains("'../x.jpg' leaves the dataset root"), e.getMessage());
    }

    @Test
    void csvManifest_absolutePathOutsideRoot_isRefused(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("data"));
        Path outside = image(dir.resolve("x.jpg"), Color.RED, "jpg");
        Path csv = Files.writeString(root.resolve("labels.csv"), "path,label\n" + outside + ",a\n");
        DatasetException e = assertThrows(DatasetException.class, () -> reader.read(csv));
        assertTrue(e.getMessage().contains("leaves the dataset root"), e.getMessage());
    }

    @Test
    void csvManifest_pathWithNulCharacter_isADatasetErrorNamingTheLine(@TempDir Path root) throws Exception {
        Path csv = Files.writeString(root.resolve("labels.csv"), "path,label\na\0b.jpg,x\n");
        DatasetException e = assertThrows(DatasetException.class, () -> reader.read(csv));
        assertTrue(e.getMessage().contains("labels.csv:2") && e.getMessage().contains("a\\0b.jpg"), e.getMessage());
        assertTrue(e.getMessage().contains("not a valid file name"), e.getMessage());
    }

    @Test
    void csvManifest_wrongCellCount_namesLine(@TempDir Path root) throws Exception {
        Path csv = Files.writeString(root.resolve("labels.csv"), "path,label\na.jpg,x,extra\n");
        DatasetException e = assertThrows(DatasetException.class, () -> reader.read(csv));
        assertTrue(e.getMessage().contains("labels.csv:2"), e.getMessage());
    }

    @Test
    void truncatedJpeg_isNamedInTheError_orSkippedAndCounted(@TempDir Path root) throws Exception {
        Path good = image(root.resolve("a/good.jpg"), Color.RED, "jpg");
        image(root.resolve("b/fine.jpg"), Color.BLUE, "jpg");
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(root.resolve("a/truncated.jpg"), Arrays.copyOf(bytes, bytes.length / 2));
        ImageDataset data = reader.read(root).train();
        ImageLoader strict = new ImageLoader(32, 32, BadImagePolicy.FAIL);
        DatasetException e = assertThrows(DatasetException.class, () -> {
            for (var image : data.images()) {
                strict.load(image);
            }
        });
        assertTrue(e.getMessage().contains(truncated.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("--skip-bad"), e.getMessage());

        ImageLoader lenient = new ImageLoader(32, 32, BadImagePolicy.SKIP);
        long loaded = 0;
        for (var image : data.images()) {
            loaded += lenient.load(image).isPresent() ? 1 : 0;
        }
        assertEquals(2, loaded);
        assertEquals(1, lenient.skipped().size());
        assertTrue(lenient.skipped().get(0).reason().contains("truncated.jpg"));
    }

    @Test
    void truncatedBmp_saysTheFileEndsEarly_neverNull(@TempDir Path root) throws Exception {
        Path file = image(root.resolve("a.bmp"), Color.RED, "bmp");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length * 3 / 4));
        IOException e = assertThrows(IOException.class, () -> ImageDecoder.standard().decode(file));
        assertEquals(file + ": corrupt image (the file ends before the image does).", e.getMessage());
    }

    @Test
    void imageAbovePixelLimit_isRefusedBeforeDecoding(@TempDir Path root) throws Exception {
        Path file = image(root.resolve("big.png"), Color.RED, "png");
        IOException e = assertThrows(IOException.class, () -> new ImageDecoder(40 * 30 - 1).decode(file));
        assertTrue(e.getMessage().contains("exceeds the limit") && e.getMessage().endsWith("resize the image below the limit."),
                e.getMessage());
    }

    @Test
    void grayscaleImage_becomesThreeEqualChannels(@TempDir Path root) throws Exception {
        BufferedImage gray = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(3, 3, 0, 200);
        Path file = root.resolve("c/gray.png");
        Files.createDirectories(file.getParent());
        ImageIO.write(gray, "png", file.toFile());
        float[] chw = new ImageLoader(8, 8, BadImagePolicy.FAIL)
                .load(dev.graft.datasets.LabeledImage.of(new dev.graft.datasets.image.FileImage(file, ImageDecoder.standard()), 0))
                .orElseThrow();
        assertEquals(3 * 64, chw.length);
        int at = 3 * 8 + 3;
        assertEquals(chw[at], chw[64 + at]);
        assertEquals(chw[at], chw[128 + at]);
        assertTrue(chw[at] > 0.5f);
    }

    @Test
    void npz_medMnistLayout_readsEverySplit(@TempDir Path root) throws Exception {
        Path npz = root.resolve("tiny.npz");
        try (OutputStream os = Files.newOutputStream(npz); ZipOutputStream zip = new ZipOutputStream(os)) {
            entry(zip, "train_images.npy", npy("|u1", "(4, 2, 2)", new byte[16]));
            entry(zip, "train_labels.npy", npy("|u1", "(4, 1)", new byte[] {0, 1, 1, 0}));
            entry(zip, "val_images.npy", npy("|u1", "(1, 2, 2)", new byte[] {10, 20, 30, 40}));
            entry(zip, "val_labels.npy", npy("|u1", "(1, 1)", new byte[] {1}));
        }
        DatasetReader.Source source = reader.read(npz);
        assertEquals(4, source.train().size());
        assertArrayEquals(new int[] {2, 2}, source.train().classCounts());
        assertEquals(1, source.val().size());
        BufferedImage first = source.val().images().get(0).source().load();
        assertEquals(10, first.getRGB(0, 0) & 0xFF);
        assertEquals(null, source.test());
    }

    private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }

    private static byte[] npy(String descr, String shape, byte[] data) {
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        header = header + " ".repeat(63 - (10 + header.length()) % 64) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.writeBytes(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) header.length()).array());
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }
}
