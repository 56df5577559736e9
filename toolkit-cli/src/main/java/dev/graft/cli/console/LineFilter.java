package dev.graft.cli.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies bytes to a stream, dropping whole lines of known native noise ({@link
 * NativeStderrFilter#NOISE}). A line is held back only while it could still become such a line
 * (it starts with {@code [W}); any other text, including a progress bar's partial line, is passed
 * on as soon as it arrives. A progress bar's redraw ends with the erase-to-end-of-line sequence
 * ({@code ESC [ K}) and no newline, so that sequence also ends a segment: native text written after
 * it is checked as a line of its own.
 */
final class LineFilter {

    private final OutputStream out;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    /** Whether the current line has been found ordinary and is being passed through. */
    private boolean passing;
    /** How much of {@code ESC [} was just passed through: 0, 1 or 2 bytes. */
    private int escape;

    LineFilter(OutputStream out) {
        this.out = out;
    }

    /**
     * Takes the next bytes.
     *
     * @param bytes the bytes
     * @param length how many of them
     * @throws IOException if the output fails
     */
    void accept(byte[] bytes, int length) throws IOException {
        int from = 0;
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (passing) {
                boolean erase = escape == 2 && b == 'K';
                escape = b == 27 ? 1 : escape == 1 && b == '[' ? 2 : 0;
                if (b == '\n' || b == '\r' || erase) {
                    out.write(bytes, from, i + 1 - from);
                    from = i + 1;
                    passing = false;
                }
                continue;
            }
            held.write(b);
            from = i + 1;
            if (b == '\n' || b == '\r') {
                endLine();
            } else if (!couldBeNoise()) {
                held.writeTo(out);
                held.reset();
                passing = true;
            }
        }
        if (passing && from < length) {
            out.write(bytes, from, length - from);
        }
        out.flush();
    }

    /**
     * Writes what is still held back (the stream ended mid-line).
     *
     * @throws IOException if the output fails
     */
    void finish() throws IOException {
        held.writeTo(out);
        held.reset();
        out.flush();
    }

    private boolean couldBeNoise() {
        byte[] start = held.toByteArray();
        return start[0] == '[' && (start.length == 1 || start[1] == 'W');
    }

    private void endLine() throws IOException {
        String line = held.toString(StandardCharsets.UTF_8);
        boolean noise = line.startsWith("[W") && NativeStderrFilter.NOISE.stream().anyMatch(line::contains);
        if (!noise) {
            held.writeTo(out);
        }
        held.reset();
    }
}
