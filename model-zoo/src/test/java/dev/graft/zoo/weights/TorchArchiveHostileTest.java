package dev.graft.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile {@code .pth} files (cyclic, deeply nested or exponentially shared pickles, lying string
 * lengths and storage sizes, views that expand or overflow, zip bombs) are refused with a
 * one-line {@link WeightImportException} naming the file and the item, never a StackOverflowError,
 * an OutOfMemoryError or another runtime exception.
 */
@Tag("small-heap")
class TorchArchiveHostileTest {

    @BeforeAll
    static void runsUnderASmallHeap() {
        SmallHeap.assertActive();
    }


    @TempDir
    Path dir;

    private Path archive(String name, byte[] pickle, Map<String, byte[]> storages) throws Exception {
        return PickleWriter.archive(dir.resolve(name), pickle, storages);
    }

    private static WeightImportException refused(Path file, String... fragments) {
        return Refusals.assertRefused(WeightImportException.class, file, () -> new TorchArchiveReader().read(file), fragments);
    }

    @Test
    void read_dictContainingItself_isRefusedAsACycle() throws Exception {
        byte[] pickle = new PickleWriter().op('}', 'q', 0).str("a").op('h', 0, 's').stop();
        refused(archive("cycle.pth", pickle, Map.of()), "contains itself at 'a'");
    }

    @Test
    void read_listContainingItselfAsDictKey_isRefused() throws Exception {
        byte[] pickle = new PickleWriter().op('}', ']', 'q', 0, 'h', 0, 'a').str("v").op('s').stop();
        refused(archive("selflist.pth", pickle, Map.of()), "a dict key is a list of 1");
    }

    @Test
    void read_dictsNestedThousandsDeep_areRefusedWithoutStackOverflow() throws Exception {
        PickleWriter w = new PickleWriter().op('}');
        int depth = 100_000;
        for (int i = 0; i < depth; i++) {
            w.str("a").op('}');
        }
        for (int i = 0; i < depth; i++) {
            w.op('s');
        }
        refused(archive("deep.pth", w.stop(), Map.of()), "nests more than 100 levels");
    }

    @Test
    void read_dictSharedExponentiallyOften_isRefused() throws Exception {
        PickleWriter w = new PickleWriter().op('}', 'q', 0);
        for (int level = 1; level <= 60; level++) {
            w.op('}').str("a").op('h', level - 1, 's').str("b").op('h', level - 1, 's', 'q', level);
        }
        refused(archive("laughs.pth", w.stop(), Map.of()), "more than 1000000 entries");
    }

    @Test
    void read_stringLongerThanTheFile_isRefused() throws Exception {
        refused(archive("long.pth", new PickleWriter().stringHeader(Integer.MAX_VALUE).raw(new byte[8]).stop(), Map.of()),
                "a string of 2147483647 bytes");
        refused(archive("negative.pth", new PickleWriter().stringHeader(-1).raw(new byte[8]).stop(), Map.of()),
                "a string of 4294967295 bytes");
    }

    @Test
    void read_negativeOrOverflowingShapes_areRefusedNamingTheTensor() throws Exception {
        byte[] storage = PickleWriter.floats(0, 1, 2, 3, 4, 5);
        refused(archive("negative-shape.pth", PickleWriter.stateDict("w", "0", 6, 0, new long[] {-2, 3}, new long[] {3, 1}),
                Map.of("0", storage)), "tensor w", "[-2, 3]", "not a valid view");
        refused(archive("overflow.pth", PickleWriter.stateDict("w", "0", 6, 0, new long[] {1L << 40, 1L << 40}, new long[] {0, 0}),
                Map.of("0", storage)), "tensor w", "more elements than any file holds");
        refused(archive("outside.pth", PickleWriter.stateDict("w", "0", 6, 4, new long[] {2, 3}, new long[] {3, 1}),
                Map.of("0", storage)), "tensor w", "reaches outside its storage");
    }

    @Test
    void read_strideZeroViewThatExpands_isRefusedBeforeAllocating() throws Exception {
        refused(archive("expand.pth", PickleWriter.stateDict("bias", "0", 1, 0, new long[] {1_000_000_000}, new long[] {0}),
                Map.of("0", PickleWriter.floats(1))), "tensor bias", "1000000000 elements, more than its storage holds", ".clone()");
    }

    @Test
    void read_storageDeclaringMoreThanItsEntryHolds_isRefused() throws Exception {
        refused(archive("lying.pth", PickleWriter.stateDict("w", "0", 1_000_000_000, 0, new long[] {6}, new long[] {1}),
                Map.of("0", PickleWriter.floats(0, 1, 2, 3, 4, 5))), "storage data/0", "1,000,000,000 elements", "holds at most 24 bytes");
    }

    @Test
    void read_pickleInflatingPastTheLimit_isRefused() throws Exception {
        byte[] bomb = new byte[65 << 20]; // 65 MiB of zeros deflates to about 64 KiB
        refused(archive("bomb.pth", bomb, Map.of()), "archive/data.pkl", "more than the 67,108,864 Graft reads");
    }

    @Test
    void read_everyTruncationAndManyMutations_endInAWeightImportException() throws Exception {
        byte[] good = PickleWriter.stateDict("w", "0", 6, 0, new long[] {2, 3}, new long[] {3, 1});
        Map<String, byte[]> storages = Map.of("0", PickleWriter.floats(0, 1, 2, 3, 4, 5));
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5},
                new TorchArchiveReader().read(archive("good.pth", good, storages)).tensors().get("w").values());
        for (int n = 0; n < good.length; n++) {
            refused(archive("cut.pth", Arrays.copyOf(good, n), storages));
        }
        Random random = new Random(13);
        for (int i = 0; i < 400; i++) {
            byte[] mutated = good.clone();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            Path file = archive("mutated.pth", mutated, storages);
            try {
                new TorchArchiveReader().read(file);
            } catch (WeightImportException e) {
                assertTrue(e.getMessage().startsWith(file + ": ") && !e.getMessage().contains("\n"), e.getMessage());
            }
        }
    }
}
