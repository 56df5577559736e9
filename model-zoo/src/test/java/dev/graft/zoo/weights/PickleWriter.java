package dev.graft.zoo.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes pickle opcodes by hand, for crafting the files {@code torch.save} writes (and hostile ones). */
final class PickleWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Starts a protocol 2 pickle. */
    PickleWriter() {
        out.write(0x80);
        out.write(2);
    }

    /** Writes raw opcode bytes. */
    PickleWriter op(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    /** Writes {@code GLOBAL module name}. */
    PickleWriter global(String module, String name) {
        out.writeBytes(("c" + module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /** Writes {@code BINUNICODE}. */
    PickleWriter str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return stringHeader(b.length).raw(b);
    }

    /** Writes a {@code BINUNICODE} opcode and length only, whatever follows. */
    PickleWriter stringHeader(int length) {
        out.write('X');
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(length).array());
        return this;
    }

    PickleWriter raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** Writes an integer ({@code BININT}). */
    PickleWriter integer(int value) {
        out.write('J');
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
        return this;
    }

    /** Writes an integer of any size ({@code LONG1}, 8 bytes). */
    PickleWriter longValue(long value) {
        out.write(0x8a);
        out.write(8);
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
        return this;
    }

    /** Writes a tuple of integers. */
    PickleWriter tuple(long... values) {
        out.write('(');
        for (long v : values) {
            longValue(v);
        }
        out.write('t');
        return this;
    }

    /** Writes an empty {@code OrderedDict()}. */
    PickleWriter orderedDict() {
        return global("collections", "OrderedDict").op(')', 'R');
    }

    /**
     * Writes {@code _rebuild_tensor_v2(storage, offset, shape, stride, False, OrderedDict())} for
     * a float storage with persistent id ("storage", FloatStorage, key, "cpu", numel).
     */
    PickleWriter tensor(String key, long numel, long offset, long[] shape, long[] stride) {
        return tensor("FloatStorage", key, numel, offset, shape, stride);
    }

    /** The same for a storage of another class, e.g. {@code HalfStorage} or {@code BFloat16Storage}. */
    PickleWriter tensor(String storageClass, String key, long numel, long offset, long[] shape, long[] stride) {
        global("torch._utils", "_rebuild_tensor_v2").op('(', '(').str("storage").global("torch", storageClass).str(key).str("cpu")
                .longValue(numel).op('t', 'Q').longValue(offset).tuple(shape).tuple(stride).op(0x89);
        return orderedDict().op('t', 'R');
    }

    /** Writes {@code STOP} and returns the pickle. */
    byte[] stop() {
        out.write('.');
        return out.toByteArray();
    }

    /** A state dict {name: tensor}, as torch.save writes it. */
    static byte[] stateDict(String name, String key, long numel, long offset, long[] shape, long[] stride) {
        return new PickleWriter().orderedDict().str(name).tensor(key, numel, offset, shape, stride).op('s').stop();
    }

    /** Little-endian float32 bytes. */
    static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    /**
     * Writes a PyTorch zip archive: {@code archive/data.pkl}, the storages as {@code
     * archive/data/<key>}, and {@code archive/version}.
     */
    static Path archive(Path file, byte[] pickle, Map<String, byte[]> storages) throws IOException {
        try (OutputStream os = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(pickle);
            zip.closeEntry();
            for (Map.Entry<String, byte[]> s : storages.entrySet()) {
                zip.putNextEntry(new ZipEntry("archive/data/" + s.getKey()));
                zip.write(s.getValue());
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("archive/version"));
            zip.write("3\n".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        return file;
    }
}
