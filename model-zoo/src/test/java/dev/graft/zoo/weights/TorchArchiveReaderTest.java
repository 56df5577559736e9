package dev.graft.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchArchiveReaderTest {

    /** A pickle that, unpickled by Python, would run {@code os.system("touch <marker>")}. */
    private static byte[] maliciousPickle(String module, Path marker) {
        return new PickleWriter().global(module, "system").str("touch " + marker).op(0x85, 'R').stop(); // TUPLE1, REDUCE
    }

    /** A state dict {"w": FloatTensor[2, 3] of 0..5} written as torch.save would. */
    private static byte[] stateDictPickle() {
        return PickleWriter.stateDict("w", "0", 6, 0, new long[] {2, 3}, new long[] {3, 1});
    }

    private static Path archive(Path dir, String name, byte[] pickle, byte[] storage) throws IOException {
        return PickleWriter.archive(dir.resolve(name), pickle, storage == null ? Map.of() : Map.of("0", storage));
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
        Path file = archive(dir, "ok.pth", stateDictPickle(), PickleWriter.floats(0, 1, 2, 3, 4, 5));
        StateDict dict = new TorchArchiveReader().read(file);
        TensorData w = dict.tensors().get("w");
        assertArrayEquals(new long[] {2, 3}, w.shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, w.values());
    }

    @Test
    void read_scriptClassesOutsideTorchScriptArchive_areRefused(@TempDir Path dir) throws Exception {
        Path file = archive(dir, "script.pth", new PickleWriter().global("__torch__.Evil", "Module").op(')', 0x81).stop(), null);
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
