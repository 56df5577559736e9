package dev.graft.datasets.io;

import java.io.IOException;
import java.util.Locale;

/**
 * Allocates the arrays a file asks for only if the Java heap can hold them. A hostile or simply
 * huge file declares how much it holds; a reader checks that against what the file can honestly
 * hold first, then asks here, so a declared size never becomes an {@link OutOfMemoryError}: an
 * array larger than Java allows or than the heap could ever hold is refused without trying, and
 * an allocation the heap cannot make now (after the collection the JVM runs first) is refused too.
 */
public final class HeapBudget {

    /** The most elements one Java array may hold on common JVMs. */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private HeapBudget() {}

    /**
     * Allocates a byte array.
     *
     * @param count how many bytes
     * @param what the file and item, for messages, e.g. {@code data.npz: train_images}
     * @return the array
     * @throws IOException naming {@code what} if the array cannot be allocated
     */
    public static byte[] bytes(long count, String what) throws IOException {
        check(count, 1, what);
        try {
            return new byte[(int) count];
        } catch (OutOfMemoryError e) {
            throw tooLarge(count, 1, what);
        }
    }

    /**
     * Allocates a float array.
     *
     * @param count how many floats
     * @param what the file and item, for messages, e.g. {@code model.safetensors: tensor fc.weight}
     * @return the array
     * @throws IOException naming {@code what} if the array cannot be allocated
     */
    public static float[] floats(long count, String what) throws IOException {
        check(count, Float.BYTES, what);
        try {
            return new float[(int) count];
        } catch (OutOfMemoryError e) {
            throw tooLarge(count, Float.BYTES, what);
        }
    }

    /**
     * Checks that work needing about {@code bytes} of heap (parsing a file, say) can fit at all.
     *
     * @param bytes the heap the work needs
     * @param what the file and work, for messages, e.g. {@code model.onnx: reading this ONNX model}
     * @throws IOException naming {@code what} if the heap is smaller
     */
    public static void require(long bytes, String what) throws IOException {
        if (bytes > Runtime.getRuntime().maxMemory()) {
            throw tooLarge(bytes, 1, what);
        }
    }

    private static void check(long count, int itemSize, String what) throws IOException {
        if (count < 0) {
            throw new IOException(what + " declares " + count + " elements; the file is corrupt.");
        }
        if (count > MAX_ARRAY) {
            throw new IOException(String.format(Locale.ROOT, "%s has %,d elements; Graft reads at most %,d per array."
                    + " Split it into smaller pieces.", what, count, MAX_ARRAY));
        }
        if (count * itemSize > Runtime.getRuntime().maxMemory()) {
            throw tooLarge(count, itemSize, what);
        }
    }

    private static IOException tooLarge(long count, int itemSize, String what) {
        return new IOException(String.format(Locale.ROOT, "%s needs %,d MB, more than the Java heap (%,d MB at most) can hold;"
                + " give Java more heap, e.g. GRAFT_JAVA_OPTS=-Xmx16g, or use a smaller file.", what,
                count * itemSize >> 20, Runtime.getRuntime().maxMemory() >> 20));
    }
}
