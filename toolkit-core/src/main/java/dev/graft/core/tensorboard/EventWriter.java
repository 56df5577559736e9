package dev.graft.core.tensorboard;

import com.google.protobuf.ByteString;
import dev.graft.core.tensorboard.proto.Event;
import dev.graft.core.tensorboard.proto.Summary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes one TensorBoard event file, {@code events.out.tfevents.<seconds>.<host>}, in a folder:
 * TFRecord records (uint64 length, masked CRC32C of the length, the data, masked CRC32C of the
 * data; little-endian) each holding an {@code Event}. The first record names the file version
 * ({@code brain.Event:2}), as TensorBoard expects. Each call appends its records and closes the
 * file again, so TensorBoard sees them at once and nothing stays open between epochs.
 */
public final class EventWriter {

    private static final int MASK_DELTA = 0xa282ead8;

    private final Path file;

    /**
     * Opens a new event file in a folder (created if missing).
     *
     * @param dir the log folder
     * @throws IOException if it cannot be created
     */
    public EventWriter(Path dir) throws IOException {
        Files.createDirectories(dir);
        long now = System.currentTimeMillis();
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        Path candidate = dir.resolve("events.out.tfevents." + now / 1000 + "." + host);
        for (int i = 1; Files.exists(candidate); i++) {
            candidate = dir.resolve("events.out.tfevents." + now / 1000 + "." + host + "." + i);
        }
        file = candidate;
        append(List.of(Event.newBuilder().setWallTime(now / 1000.0).setFileVersion("brain.Event:2").build()));
    }

    /**
     * The file being written.
     *
     * @return its path
     */
    public Path file() {
        return file;
    }

    /**
     * A scalar summary value.
     *
     * @param tag the series, e.g. {@code val/accuracy}
     * @param value the value
     * @return the summary value
     */
    public static Summary.Value scalar(String tag, double value) {
        return Summary.Value.newBuilder().setTag(tag).setSimpleValue((float) value).build();
    }

    /**
     * An image summary value.
     *
     * @param tag the series
     * @param png the PNG bytes of an RGB image
     * @param width its width
     * @param height its height
     * @return the summary value
     */
    public static Summary.Value image(String tag, byte[] png, int width, int height) {
        return Summary.Value.newBuilder().setTag(tag).setImage(Summary.Image.newBuilder().setWidth(width).setHeight(height)
                .setColorspace(3).setEncodedImageString(ByteString.copyFrom(png))).build();
    }

    /**
     * Appends one event per value, all at a step.
     *
     * @param step the step (the epoch)
     * @param values the summary values
     * @throws IOException if writing fails
     */
    public void write(long step, List<Summary.Value> values) throws IOException {
        double now = System.currentTimeMillis() / 1000.0;
        append(values.stream().map(v -> Event.newBuilder().setWallTime(now).setStep(step).setSummary(Summary.newBuilder().addValue(v))
                .build()).toList());
    }

    private void append(List<Event> events) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Event event : events) {
            byte[] data = event.toByteArray();
            ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            header.putLong(data.length);
            header.putInt(maskedCrc(header.array(), 0, 8));
            out.write(header.array());
            out.write(data);
            out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(maskedCrc(data, 0, data.length)).array());
        }
        Files.write(file, out.toByteArray(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * The masked CRC32C TFRecord uses: the checksum rotated right by 15 bits plus a constant.
     *
     * @param bytes the bytes
     * @param offset where to start
     * @param length how many
     * @return the masked checksum
     */
    static int maskedCrc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }
}
