package dev.graft.core.tensorboard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An independent reader of TensorBoard event files for tests: its own bitwise CRC32C and its own
 * protobuf wire-format decoding (no generated classes, nothing shared with the writer).
 */
final class EventFileReader {

    /**
     * One decoded event.
     *
     * @param wallTime field 1
     * @param step field 2
     * @param fileVersion field 3, or null
     * @param values the summary values (field 5 → field 1)
     */
    record Event(double wallTime, long step, String fileVersion, List<Value> values) {}

    /**
     * One summary value.
     *
     * @param tag field 1
     * @param simpleValue field 2, or NaN
     * @param image the encoded image (field 4 → field 4), or null
     * @param width field 4 → 2
     * @param height field 4 → 1
     */
    record Value(String tag, float simpleValue, byte[] image, int width, int height) {}

    private EventFileReader() {}

    /** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), bit by bit. */
    static int crc32c(byte[] data, int offset, int length) {
        int crc = 0xFFFFFFFF;
        for (int i = offset; i < offset + length; i++) {
            crc ^= data[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F63B78 : crc >>> 1;
            }
        }
        return ~crc;
    }

    private static int masked(int crc) {
        return Integer.rotateRight(crc, 15) + 0xa282ead8;
    }

    /** Reads every record, failing on a bad length or data checksum. */
    static List<Event> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        while (in.hasRemaining()) {
            int start = in.position();
            long length = in.getLong();
            int lengthCrc = in.getInt();
            if (lengthCrc != masked(crc32c(bytes, start, 8))) {
                throw new IOException("bad length checksum at byte " + start);
            }
            int dataStart = in.position();
            in.position(dataStart + (int) length);
            int dataCrc = in.getInt();
            if (dataCrc != masked(crc32c(bytes, dataStart, (int) length))) {
                throw new IOException("bad data checksum at byte " + dataStart);
            }
            events.add(event(new Wire(bytes, dataStart, dataStart + (int) length)));
        }
        return events;
    }

    private static Event event(Wire w) {
        double wall = 0;
        long step = 0;
        String version = null;
        List<Value> values = new ArrayList<>();
        while (w.more()) {
            long key = w.varint();
            int field = (int) (key >>> 3);
            switch (field) {
                case 1 -> wall = Double.longBitsToDouble(w.fixed64());
                case 2 -> step = w.varint();
                case 3 -> version = new String(w.bytes(), java.nio.charset.StandardCharsets.UTF_8);
                case 5 -> {
                    Wire summary = w.sub();
                    while (summary.more()) {
                        long k = summary.varint();
                        if ((k >>> 3) == 1) {
                            values.add(value(summary.sub()));
                        } else {
                            summary.skip((int) (k & 7));
                        }
                    }
                }
                default -> w.skip((int) (key & 7));
            }
        }
        return new Event(wall, step, version, values);
    }

    private static Value value(Wire w) {
        String tag = null;
        float simple = Float.NaN;
        byte[] image = null;
        int width = 0;
        int height = 0;
        while (w.more()) {
            long key = w.varint();
            switch ((int) (key >>> 3)) {
                case 1 -> tag = new String(w.bytes(), java.nio.charset.StandardCharsets.UTF_8);
                case 2 -> simple = Float.intBitsToFloat(w.fixed32());
                case 4 -> {
                    Wire img = w.sub();
                    while (img.more()) {
                        long k = img.varint();
                        switch ((int) (k >>> 3)) {
                            case 1 -> height = (int) img.varint();
                            case 2 -> width = (int) img.varint();
                            case 4 -> image = img.bytes();
                            default -> img.skip((int) (k & 7));
                        }
                    }
                }
                default -> w.skip((int) (key & 7));
            }
        }
        return new Value(tag, simple, image, width, height);
    }

    /** A cursor over protobuf wire-format bytes. */
    private static final class Wire {
        private final byte[] b;
        private int p;
        private final int end;

        Wire(byte[] b, int p, int end) {
            this.b = b;
            this.p = p;
            this.end = end;
        }

        boolean more() {
            return p < end;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                byte x = b[p++];
                v |= (long) (x & 0x7F) << shift;
                if (x >= 0) {
                    return v;
                }
            }
        }

        long fixed64() {
            long v = ByteBuffer.wrap(b, p, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            p += 8;
            return v;
        }

        int fixed32() {
            int v = ByteBuffer.wrap(b, p, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            p += 4;
            return v;
        }

        byte[] bytes() {
            int n = (int) varint();
            byte[] out = java.util.Arrays.copyOfRange(b, p, p + n);
            p += n;
            return out;
        }

        Wire sub() {
            int n = (int) varint();
            Wire w = new Wire(b, p, p + n);
            p += n;
            return w;
        }

        void skip(int type) {
            switch (type) {
                case 0 -> varint();
                case 1 -> p += 8;
                case 2 -> p += (int) varint();
                case 5 -> p += 4;
                default -> throw new IllegalStateException("wire type " + type);
            }
        }
    }
}
