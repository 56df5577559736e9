package dev.graft.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchArchiveReaderTest {

    /** A pickle that, unpickled by Python, would run {@code os.system("touch <marker>")}. */
    private static byte[] maliciousPickle(String module, Path marker) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80);
        out.write(2);
        out.writeBytes(("c" + module + "\nsystem\n").getBytes(StandardCharsets.US_ASCII));
        byte[] command = ("touch " + marker).getBytes(StandardCharsets.UTF_8);
        out.write('X');
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(command.length).array());
        out.writeBytes(command);
        out.write(0x85); // TUPLE1
        out.write('R'); // REDUCE
        out.write('.');
        return out.toByteArray();
    }

    /** A state dict {"w": FloatTensor[2, 3] of 0..5} written as torch.save would. */
    private static byte[] stateDictPickle() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80);
        out.write(2);
        out.writeBytes("ccollections\nOrderedDict\n".getBytes(StandardCharsets.US_ASCII));
        out.write(')');
        out.write('R');
        str(out, "w");
        out.writeBytes("ctorch._utils\n_rebuild_tensor_v2\n".getBytes(StandardCharsets.US_ASCII));
        out.write('(');
        out.write('(');
        str(out, "storage");
        out.writeBytes("ctorch\nFloatStorage\n".getBytes(StandardCharsets.US_ASCII));
        str(out, "0");
        str(out, "cpu");
        out.write('K');
        out.write(6);
        out.write('t');
        out.write('Q'); // BINPERSID
        out.write('K');
        out.write(0); // offset
        out.write('K');
        out.write(2);
        out.write('K');
        out.write(3);
        out.write(0x86); // shape (2, 3)
        out.write('K');
        out.write(3);
        out.write('K');
        out.write(1);
        out.write(0x86); // stride (3, 1)
        out.write(0x89); // requires_grad False
        out.writeBytes("ccollections\nOrderedDict\n".getBytes(StandardCharsets.US_ASCII));
        out.write(')');
        out.write('R');
        out.write('t');
        out.write('R');
        out.write('s'); // SETITEM
        out.write('.');
        return out.toByteArray();
    }

    private static void str(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write('X');
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
        out.writeBytes(b);
    }

    private static Path archive(Path dir, String name, byte[] pickle, byte[] storage) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream os = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(pickle);
            zip.closeEntry();
            if (storage != null) {
                zip.putNextEntry(new ZipEntry("archive/data/0"));
                zip.write(storage);
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("archive/version"));
            zip.write("3\n".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        return file;
    }

    @Test
    void read_refusesGlobalOutsideAllowList_namingItAndRunningNothing(@TempDir Path dir) throws Exception {
        for (String module : new String[] {"os", "posix", "builtins"}) {
            Path marker = dir.resolve("pwned-" + module);
            Path file = archive(dir, module + ".pth", maliciousPickle(module, marker), null);
            WeightImportException e =
                    assertThrows(WeightImportException.class, () -> new TorchArchiveReader().read(file));
            assertTrue(e.getMessage().contains("'" + module + ".system'"), e.getMessage());
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertFalse(Files.exists(marker), "the planted command ran");
        }
    }

    @Test
    void read_stateDict_rebuildsTensorFromStorage(@TempDir Path dir) throws Exception {
        ByteBuffer storage = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) {
            storage.putFloat(i);
        }
        Path file = archive(dir, "ok.pth", stateDictPickle(), storage.array());
        StateDict dict = new TorchArchiveReader().read(file);
        TensorData w = dict.tensors().get("w");
        assertArrayEquals(new long[] {2, 3}, w.shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, w.values());
    }

    @Test
    void read_scriptClassesOutsideTorchScriptArchive_areRefused(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80);
        out.write(2);
        out.writeBytes("c__torch__.Evil\nModule\n".getBytes(StandardCharsets.US_ASCII));
        out.write(')');
        out.write(0x81);
        out.write('.');
        Path file = archive(dir, "script.pth", out.toByteArray(), null);
        WeightImportException e = assertThrows(WeightImportException.class, () -> new TorchArchiveReader().read(file));
        assertTrue(e.getMessage().contains("__torch__.Evil.Module"), e.getMessage());
    }

    @Test
    void read_notAZip_explainsFormat(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("legacy.pth"), "not a zip");
        WeightImportException e = assertThrows(WeightImportException.class, () -> new TorchArchiveReader().read(file));
        assertTrue(e.getMessage().contains("not a PyTorch zip archive"), e.getMessage());
        assertEquals(1, e.getMessage().split("legacy.pth", -1).length - 1);
    }
}
