package dev.graft.datasets.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /**
     * Reads a {@code .npy} file.
     *
     * @param file the file
     * @return the array
     * @throws IOException if the file is not a supported {@code .npy}; the message names it
     */
    public static NpyArray read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /**
     * Reads every array of a {@code .npz} archive.
     *
     * @param file the archive
     * @return arrays by name (without the {@code .npy} suffix), in archive order
     * @throws IOException if the archive or an entry cannot be read
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
                byte[] bytes = zip.getInputStream(entry).readAllBytes();
                arrays.put(
                        name.substring(0, name.length() - 4), parse(bytes, file + ":" + name));
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
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (byte b : MAGIC) {
            if (!buffer.hasRemaining() || buffer.get() != b) {
                throw new IOException(what + ": not a NumPy .npy file (bad magic).");
            }
        }
        int major = buffer.get() & 0xFF;
        buffer.get();
        int headerLength =
                switch (major) {
                    case 1 -> buffer.getShort() & 0xFFFF;
                    case 2, 3 -> buffer.getInt();
                    default -> throw new IOException(
                            what + ": unsupported .npy version " + major + ".");
                };
        String header =
                new String(bytes, buffer.position(), headerLength, StandardCharsets.ISO_8859_1);
        buffer.position(buffer.position() + headerLength);
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
        List<Long> dims = new ArrayList<>();
        for (String part : shape.group(1).split(",")) {
            if (!part.isBlank()) {
                dims.add(Long.parseLong(part.trim()));
            }
        }
        long[] dimArray = dims.stream().mapToLong(Long::longValue).toArray();
        String dtype = descr.group(2);
        try {
            return new NpyArray(dtype, dimArray, buffer.slice());
        } catch (IllegalArgumentException e) {
            throw new IOException(what + ": " + e.getMessage(), e);
        }
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
