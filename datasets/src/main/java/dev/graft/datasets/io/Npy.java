package dev.graft.datasets.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads NumPy's {@code .npy} format (versions 1–3, little-endian, C order) and {@code .npz}
 * archives of them, without NumPy, and writes float32 matrices as version 1 {@code .npy}.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-z]\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    /** NumPy itself refuses headers over 10,000 bytes by default; this allows more, but not gigabytes. */
    private static final int MAX_HEADER = 1 << 16;
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /**
     * Reads a {@code .npy} file.
     *
     * @param file the file
     * @return the array
     * @throws IOException if the file is not a supported {@code .npy}, or declares more data than
     *     it holds or the heap can take; the message names it
     */
    public static NpyArray read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(in, Files.size(file), file.toString());
        }
    }

    /**
     * Reads every array of a {@code .npz} archive. No entry is trusted: each array's declared
     * size is checked against what its entry can hold ({@link ZipEntries#capacity}) before memory
     * is set aside for it, so a zip bomb is refused by name.
     *
     * @param file the archive
     * @return arrays by name (without the {@code .npy} suffix), in archive order
     * @throws IOException if the archive or an entry cannot be read; the message names both
     */
    public static Map<String, NpyArray> readNpz(Path file) throws IOException {
        Map<String, NpyArray> arrays = new java.util.LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<? extends ZipEntry> entries = new ArrayList<>(zip.stream().toList());
            for (ZipEntry entry : entries) {
                String name = entry.getName();
                if (!name.endsWith(".npy")) {
                    continue;
                }
                try (InputStream in = new BufferedInputStream(zip.getInputStream(entry))) {
                    arrays.put(name.substring(0, name.length() - 4), read(in, ZipEntries.capacity(entry), file + ": " + name));
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + ": not an .npz (zip) archive: " + e.getMessage(), e);
        }
        return arrays;
    }

    /**
     * Parses {@code .npy} bytes.
     *
     * @param bytes the file content
     * @param what how to name the source in errors
     * @return the array
     * @throws IOException if the content is not a supported {@code .npy}
     */
    public static NpyArray parse(byte[] bytes, String what) throws IOException {
        return read(new java.io.ByteArrayInputStream(bytes), bytes.length, what);
    }

    /**
     * Reads one {@code .npy} from a stream: the header first, then exactly the data it declares,
     * once the shape is checked (no negative or overflowing dimensions) and the data fits in what
     * the source can hold and in the heap.
     */
    private static NpyArray read(InputStream in, long capacity, String what) throws IOException {
        byte[] prefix = in.readNBytes(MAGIC.length + 2);
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= prefix.length || prefix[i] != MAGIC[i]) {
                throw new IOException(what + ": not a NumPy .npy file (bad magic).");
            }
        }
        int major = prefix.length > MAGIC.length ? prefix[MAGIC.length] & 0xFF : -1;
        int lengthBytes = switch (major) {
            case 1 -> 2;
            case 2, 3 -> 4;
            default -> throw new IOException(what + ": unsupported .npy version " + major + ".");
        };
        byte[] length = in.readNBytes(lengthBytes);
        if (prefix.length < MAGIC.length + 2 || length.length < lengthBytes) {
            throw new IOException(what + ": truncated .npy header. Write the file again.");
        }
        ByteBuffer lengthBuffer = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = lengthBytes == 2 ? lengthBuffer.getShort() & 0xFFFF : lengthBuffer.getInt() & 0xFFFFFFFFL;
        if (headerLength > MAX_HEADER) {
            throw new IOException(what + ": .npy header of " + headerLength + " bytes (at most " + MAX_HEADER
                    + " are read); the file is corrupt or crafted.");
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw new IOException(what + ": truncated .npy header. Write the file again.");
        }
        String header = new String(headerBytes, StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw new IOException(what + ": unreadable .npy header: " + header.trim());
        }
        if (">".equals(descr.group(1))) {
            throw new IOException(what + ": big-endian arrays are not supported.");
        }
        if ("True".equals(fortran.group(1))) {
            throw new IOException(what + ": Fortran-order arrays are not supported; save in C order.");
        }
        long[] dims = dimensions(shape.group(1), what);
        String dtype = descr.group(2);
        long bytes;
        try {
            bytes = Math.multiplyExact(NpyArray.checkedCount(dims), NpyArray.itemSize(dtype));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IOException(what + ": shape " + Arrays.toString(dims) + " of dtype " + dtype + ": "
                    + (e instanceof ArithmeticException ? "more elements than any file holds" : e.getMessage())
                    + "; the file is corrupt or crafted.", e);
        }
        long used = prefix.length + lengthBytes + headerLength;
        byte[] data = ZipEntries.readExactly(in, bytes, capacity - used, what + " (shape " + Arrays.toString(dims) + ")");
        try {
            return new NpyArray(dtype, dims, ByteBuffer.wrap(data));
        } catch (IllegalArgumentException e) {
            throw new IOException(what + ": " + e.getMessage(), e);
        }
    }

    /** Parses a shape such as {@code 60000, 28, 28} (Python 2 wrote {@code 60000L}); dimensions must be >= 0. */
    private static long[] dimensions(String text, String what) throws IOException {
        List<Long> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String d = part.trim();
            if (d.isEmpty()) {
                continue;
            }
            if (d.endsWith("L") || d.endsWith("l")) {
                d = d.substring(0, d.length() - 1);
            }
            long value;
            try {
                value = Long.parseLong(d);
            } catch (NumberFormatException e) {
                throw new IOException(what + ": .npy shape (" + text + ") has '" + part.trim() + "', not a whole number.", e);
            }
            if (value < 0) {
                throw new IOException(what + ": .npy shape (" + text + ") has a negative dimension; the file is corrupt.");
            }
            dims.add(value);
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * Writes a float32 matrix ({@code rows × columns}, C order) as a version 1 {@code .npy} file,
     * atomically.
     *
     * @param file the destination
     * @param rows the rows, all of one length
     * @throws IOException if writing fails
     */
    public static void write(Path file, float[][] rows) throws IOException {
        int columns = rows.length == 0 ? 0 : rows[0].length;
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows.length + ", " + columns + "), }";
        int unpadded = MAGIC.length + 4 + header.length() + 1;
        String padded = header + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 4 + padded.length() + 4 * rows.length * columns)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) padded.length())
                .put(padded.getBytes(StandardCharsets.US_ASCII));
        for (float[] row : rows) {
            if (row.length != columns) {
                throw new IllegalArgumentException("rows differ in length: " + row.length + " vs " + columns);
            }
            for (float v : row) {
                out.putFloat(v);
            }
        }
        AtomicFiles.write(file, out.array());
    }
}
