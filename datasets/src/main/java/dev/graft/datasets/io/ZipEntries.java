package dev.graft.datasets.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.ZipEntry;

/**
 * Limits for reading zip entries ({@code .npz} arrays, {@code .pth} pickles and storages) without
 * trusting the sizes they declare. An entry holds at most what its declared size says, and never
 * more than its compressed size allows: stored entries hold exactly their compressed bytes, and
 * deflate cannot expand data more than 1032 to 1. Readers check what an entry's content asks for
 * against that {@link #capacity} before allocating, and read no more than they checked.
 */
public final class ZipEntries {

    /** Deflate's largest possible expansion: 1032 output bytes per input byte. */
    public static final long MAX_DEFLATE_RATIO = 1032;

    private ZipEntries() {}

    /**
     * The most bytes an entry can honestly hold once inflated.
     *
     * @param entry the entry, from a {@link java.util.zip.ZipFile}
     * @return its capacity in bytes
     */
    public static long capacity(ZipEntry entry) {
        long limit = Long.MAX_VALUE;
        if (entry.getCompressedSize() >= 0) {
            limit = entry.getMethod() == ZipEntry.STORED ? entry.getCompressedSize()
                    : Math.min(entry.getCompressedSize(), Long.MAX_VALUE / MAX_DEFLATE_RATIO) * MAX_DEFLATE_RATIO;
        }
        return entry.getSize() >= 0 ? Math.min(limit, entry.getSize()) : limit;
    }

    /**
     * Reads exactly {@code count} bytes after checking the entry can hold them and the heap can
     * take them.
     *
     * @param in the entry's stream, positioned where the bytes start
     * @param count how many bytes the content declares
     * @param available how many bytes the entry can still hold (its {@link #capacity} less what was read)
     * @param what the file and item, for messages
     * @return the bytes
     * @throws IOException naming {@code what} if the entry cannot hold them, the heap cannot take
     *     them, or the entry ends early
     */
    public static byte[] readExactly(InputStream in, long count, long available, String what) throws IOException {
        if (count > available) {
            throw new IOException(String.format(Locale.ROOT, "%s declares %,d bytes but its entry holds at most %,d;"
                    + " the file is corrupt or crafted. Write it again.", what, count, available));
        }
        byte[] bytes = HeapBudget.bytes(count, what);
        int read = in.readNBytes(bytes, 0, bytes.length);
        if (read < count) {
            throw new IOException(String.format(Locale.ROOT, "%s is truncated: %,d of %,d bytes. Write the file again.",
                    what, read, count));
        }
        return bytes;
    }

    /**
     * Reads a whole entry whose size the reader does not know ahead (a pickle, say), refusing one
     * that declares or inflates to more than {@code limit} bytes.
     *
     * @param in the entry's stream
     * @param entry the entry
     * @param limit the most bytes accepted
     * @param what the file and entry, for messages
     * @return the bytes
     * @throws IOException naming {@code what} if the entry is larger than {@code limit}
     */
    public static byte[] readAtMost(InputStream in, ZipEntry entry, int limit, String what) throws IOException {
        if (entry.getSize() > limit) {
            throw new IOException(String.format(Locale.ROOT, "%s declares %,d bytes, more than the %,d Graft reads;"
                    + " the file is corrupt or crafted.", what, entry.getSize(), limit));
        }
        byte[] bytes = in.readNBytes(limit + 1);
        if (bytes.length > limit) {
            throw new IOException(String.format(Locale.ROOT, "%s inflates to more than the %,d bytes Graft reads;"
                    + " the file is corrupt or crafted (a zip bomb?).", what, limit));
        }
        return bytes;
    }
}
